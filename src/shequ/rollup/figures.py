"""Figures: which values a bundle may carry and how the 街道 adds them up.

A bundle carries only figures — numbers, never text about people.  A value is kept when it is

* a number (``36``, ``62.4``) or a number written as text (``"2216.41"``, ``"-4.0"``);
* a percentage (``"59%"``), a fraction (``"10/13"``: 10 of 13 criteria) or a yes/no;
* a dict of such values (``{"党建": 3, "普法": 4}``), whose keys are labels.

Anything else (names, free text, lists of titles) is left out of the bundle.

Adding up (:func:`total`): counts and amounts are summed; fractions add numerator and
denominator; yes/no counts the yeses; a rate is recomputed from the summed figures the
section names as its parts (``ReportSection.rates``), and a rate without parts — or a
change, a coverage, an average — gets no total at all: an average of averages is not a
figure anyone should sign.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

NUMBER = re.compile(r"-?\d+(\.\d+)?")
PERCENT = re.compile(r"(-?\d+(\.\d+)?)%")
FRACTION = re.compile(r"(\d+)/(\d+)")
#: Key words of a figure that is a rate or a level: summing it would be wrong.
RATE_WORDS = re.compile(r"(^|_)(rate|rates|ratio|change|coverage|pct|percent|average|avg|mean|per_capita|score|level|reading)(_|$)")
NO_TOTAL = "—"


def kind_of(value: Any) -> str | None:
    """``number``, ``decimal``, ``percent``, ``fraction``, ``flag`` or ``None`` (not a figure)."""
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, (int, float)):
        return "number" if value == value else None  # NaN is no figure
    if isinstance(value, str):
        text = value.strip()
        if NUMBER.fullmatch(text):
            return "decimal"
        if PERCENT.fullmatch(text):
            return "percent"
        if FRACTION.fullmatch(text):
            return "fraction"
    return None


def keep(figures: Any) -> Any:
    """*figures* with only what a bundle may carry (see the module's docstring); ``None`` when nothing is left."""
    if isinstance(figures, dict):
        out = {}
        for key, value in figures.items():
            kept = keep(value)
            if kept is not None:
                out[str(key)] = kept
        return out or None
    if type(figures).__name__ == "Decimal":
        figures = str(figures)
    return figures if kind_of(figures) else None


def flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` → ``{"a.b": 1}``, in the figures' own order."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def is_rate(key: str) -> bool:
    return any(RATE_WORDS.search(part) for part in key.split("."))


def to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        return None


def places(values: list[Any]) -> int:
    """Decimal places to show a sum of *values* with (``"12.50"`` → 2)."""
    most = 0
    for v in values:
        text = str(v)
        if "." in text and not isinstance(v, bool):
            most = max(most, len(text.rstrip("%").split(".")[1]))
    return most


def total(key: str, values: list[Any], parts: tuple[Any, Any] | None = None) -> Any:
    """The 街道's figure for *key* from the communities' *values* (``None`` where a community
    has none).  *parts* are the totals of the figures a rate is computed from."""
    present = [v for v in values if v is not None]
    if not present:
        return NO_TOTAL
    if parts is not None:
        return ratio(parts[0], parts[1])
    kinds = {kind_of(v) for v in present}
    if is_rate(key) or "percent" in kinds or len(kinds) > 1:
        return NO_TOTAL
    kind = kinds.pop()
    if kind == "flag":
        return f"{sum(1 for v in present if v)}/{len(present)}"
    if kind == "fraction":
        pairs = [FRACTION.fullmatch(str(v).strip()) for v in present]
        return f"{sum(int(m[1]) for m in pairs if m)}/{sum(int(m[2]) for m in pairs if m)}"
    if kind == "number" and all(isinstance(v, int) for v in present):
        return sum(present)
    amounts = [to_decimal(v) for v in present]
    summed = sum((a for a in amounts if a is not None), Decimal(0))
    digits = places(present)
    return f"{summed:.{digits}f}" if kind == "decimal" else float(round(summed, digits or 1))


def ratio(num: Any, den: Any) -> str:
    """``num / den`` as a percentage with one decimal (``—`` without a denominator)."""
    n, d = to_decimal(num), to_decimal(den)
    if n is None or not d:
        return NO_TOTAL
    return f"{n * 100 / d:.1f}%"


def label(key: str, labels: dict[str, str]) -> str:
    """The Chinese name of figure *key* (``a.b`` → the label of ``a.b``, else of ``a`` plus ``b``)."""
    if key in labels:
        return labels[key]
    head, _, rest = key.rpartition(".")
    if head:
        return f"{label(head, labels)}·{labels.get(rest, rest)}"
    return COMMON.get(key, key)


#: Names of figures many sections share (a section's own ``labels`` come first).
COMMON = {
    "activities": "活动（次）", "person_times": "参与人次", "meetings": "会议（次）", "lectures": "讲座（次）",
    "trainings": "培训（期）", "training_times": "培训人次", "materials": "宣传资料（份）", "visits": "走访（次）",
    "spent": "支出（元）", "items": "事项", "members": "人数", "volunteers": "志愿者（人）", "income": "收入（元）",
    "expense": "支出（元）", "net": "结余（元）",
}


def number(value: Any) -> float:
    """A figure as a float for a chart (``"59%"`` → 59.0; text that is no number → 0)."""
    d = to_decimal(value)
    return float(d) if d is not None else 0.0
