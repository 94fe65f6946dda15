"""Buildings, the daily cleaning log and its coverage (篇20 L491 “保洁队负责每天对所有楼道清扫,做到垃圾日产日清”).

Coverage is counted per building and day: a day counts when a log says the building was cleaned.
A day with no log at all cannot tell whether the stairwells were not cleaned or the cleaning was not
written down; both count as missed, and the listings say which is which.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from shequ import DataError, NotFound

if TYPE_CHECKING:
    from shequ.api import PluginContext
    from shequ.periods import Period

_BUILDING = re.compile(r"^(.+?\d+\s*(?:幢|栋|号楼|座))")


def building_of(address: Any) -> str | None:
    """``幸福小区/9幢/1单元/602`` → ``幸福小区/9幢`` (the register's 小区/楼栋/单元/室 convention);
    ``幸福小区9幢1单元602`` → ``幸福小区9幢``; ``None`` when the address names no building."""
    text = str(address or "").strip()
    if not text:
        return None
    if "/" in text:
        parts = [p.strip() for p in text.split("/") if p.strip()]
        if len(parts) >= 2 and re.search(r"(幢|栋|楼|座)$", parts[1]):
            return f"{parts[0]}/{parts[1]}"
        return None
    m = _BUILDING.match(text)
    return m[1].replace(" ", "") if m else None


def buildings(ctx: "PluginContext") -> list[tuple[int, dict[str, Any]]]:
    return ctx.records.list("huanbao.building")


def active(doc: dict[str, Any], first: date, last: date) -> tuple[date, date] | None:
    """The days of [first, last] on which a building is in the cleaning round, or None."""
    start = max(first, date.fromisoformat(doc["since"])) if doc.get("since") else first
    end = min(last, date.fromisoformat(doc["until"])) if doc.get("until") else last
    return (start, end) if start <= end else None


def resolve(ctx: "PluginContext", text: str) -> str:
    """A building's registered name from its name or its unique tail (``9幢`` for ``幸福小区/9幢``)."""
    names = [b["name"] for _, b in buildings(ctx)]
    key = text.strip()
    if key in names:
        return key
    tails = [n for n in names if n.rsplit("/", 1)[-1] == key or n.endswith(key)]
    if len(tails) == 1:
        return tails[0]
    if len(tails) > 1:
        raise DataError(f"“{key}”对应多个楼栋：{'、'.join(tails)}，请写全称")
    listed = "、".join(names[:12]) + ("……" if len(names) > 12 else "")
    raise NotFound(f"楼栋“{key}”不存在" + (f"（已登记：{listed}）" if names else "（还没有登记楼栋）")
                   + "；先用 shequ huanbao building add 或 building sync 登记")


def add_building(ctx: "PluginContext", name: str, values: dict[str, Any]) -> int:
    name = name.strip()
    if not name:
        raise DataError("楼栋名称不能为空")
    if name in {b["name"] for _, b in buildings(ctx)}:
        raise DataError(f"楼栋“{name}”已登记")
    return ctx.records.add("huanbao.building", {"name": name, **values})


def sync(ctx: "PluginContext") -> list[tuple[int, str, int]]:
    """Register every building named in the register's addresses that is not registered yet:
    ``[(id, name, residents), …]``."""
    counts: dict[str, int] = {}
    for address in ctx.people.register().column("address"):
        name = building_of(address)
        if name:
            counts[name] = counts.get(name, 0) + 1
    known = {b["name"] for _, b in buildings(ctx)}
    added = []
    for name in sorted(set(counts) - known, key=_natural):
        added.append((ctx.records.add("huanbao.building", {"name": name, "note": "由花名册住址生成"}), name, counts[name]))
    return added


def _natural(name: str) -> tuple[Any, ...]:
    """幸福小区/2幢 before 幸福小区/10幢."""
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name))


def sorted_buildings(ctx: "PluginContext") -> list[tuple[int, dict[str, Any]]]:
    return sorted(buildings(ctx), key=lambda kv: _natural(kv[1]["name"]))


# -- the log ------------------------------------------------------------------------------------
def log(ctx: "PluginContext", day: date, names: list[str], *, missed: list[str] = (), reason: str | None = None,
        cleaner: str | None = None) -> list[int]:
    """Log *names* as cleaned and *missed* as not cleaned on *day*; a building already logged that day
    is updated, not logged twice.  Returns the ids written."""
    both = set(names) & set(missed)
    if both:
        raise DataError(f"同一楼栋不能既记为已清扫又记为未清扫：{'、'.join(sorted(both))}")
    ids = []
    for name, done in [(n, True) for n in names] + [(n, False) for n in missed]:
        values: dict[str, Any] = {"building": name, "date": day.isoformat(), "done": done}
        if cleaner:
            values["cleaner"] = cleaner
        note = reason if not done else None
        found = ctx.records.list("huanbao.cleaning", building=name, date=day.isoformat())
        if found:  # a correction: the old reason goes with the old state
            ctx.records.edit(found[0][0], {**values, "note": note or ""})
            ids.append(found[0][0])
        else:
            ids.append(ctx.records.add("huanbao.cleaning", {**values, **({"note": note} if note else {})}))
    return ids


def days_logged(ctx: "PluginContext", first: date, last: date) -> dict[tuple[str, str], bool]:
    """(building, day) → cleaned, for every log in [first, last]; a day logged both ways counts as cleaned."""
    out: dict[tuple[str, str], bool] = {}
    for _, r in ctx.records.list("huanbao.cleaning", f"date>={first.isoformat()}", f"date<={last.isoformat()}"):
        key = (r["building"], r["date"])
        out[key] = out.get(key, False) or bool(r.get("done", True))
    return out


class Coverage(NamedTuple):
    building: str
    expected: int  # days in the round
    cleaned: int
    not_cleaned: list[str]  # logged as not cleaned
    unlogged: list[str]  # no log at all
    pct: Decimal | None

    @property
    def missed(self) -> list[str]:
        return sorted(self.not_cleaned + self.unlogged)


def coverage(ctx: "PluginContext", first: date, last: date) -> list[Coverage]:
    """Per building, over [first, last] (stop at today: the future has not been cleaned yet)."""
    last = min(last, ctx.today)
    if last < first:
        return []
    logged = days_logged(ctx, first, last)
    out = []
    for _, b in sorted_buildings(ctx):
        span = active(b, first, last)
        if span is None:
            continue
        cleaned, not_cleaned, unlogged = 0, [], []
        day = span[0]
        while day <= span[1]:
            state = logged.get((b["name"], day.isoformat()))
            if state:
                cleaned += 1
            elif state is False:
                not_cleaned.append(day.isoformat())
            else:
                unlogged.append(day.isoformat())
            day += timedelta(days=1)
        expected = (span[1] - span[0]).days + 1
        out.append(Coverage(b["name"], expected, cleaned, not_cleaned, unlogged, _pct(cleaned, expected)))
    return out


def _pct(part: int, whole: int) -> Decimal | None:
    from .energy import tenth

    return tenth(Decimal(part) * 100 / Decimal(whole)) if whole else None


def days_text(days: list[str], limit: int = 8) -> str:
    """2025-03-04、05、12 …: the missed days, short."""
    out, month = [], None
    for d in days[:limit]:
        out.append(f"{int(d[8:])}日" if d[:7] == month else f"{int(d[5:7])}月{int(d[8:])}日")
        month = d[:7]
    return "、".join(out) + (f" 等{len(days)}天" if len(days) > limit else "")


# -- the monthly review (the 环保监督小组's check, which the duty counts) ----------------------------
def review(ctx: "PluginContext", month: "Period") -> tuple[int, dict[str, Any], bool]:
    """Compute *month*'s coverage and record it as the held 保洁月度考核 event (one per month: a second
    review updates the first).  Returns (event id, fields, created)."""
    if month.start > ctx.today:
        raise DataError(f"{month.title}还没有开始，不能考核")
    rows = coverage(ctx, month.start, month.end)
    if not rows:
        raise DataError("还没有登记楼栋（shequ huanbao building sync 由花名册住址生成，或 building add）")
    target = int(ctx.settings["huanbao.cleaning_target"])
    expected = sum(r.expected for r in rows)
    cleaned = sum(r.cleaned for r in rows)
    short = [r for r in rows if r.pct is None or r.pct < target]
    complete = month.end <= ctx.today
    fields = {"month": month.label, "buildings": len(rows), "expected": expected, "logged": cleaned,
              "coverage": str(_pct(cleaned, expected)), "target": target, "met": complete and not short,
              "missed": [f"{r.building}：{len(r.missed)}天" for r in short]}
    summary = (f"{len(rows)}栋楼应清扫{expected}栋·天，有清扫记录{cleaned}栋·天，覆盖率{fields['coverage']}%（达标线{target}%）；"
               + (f"未达标{len(short)}栋：{'、'.join(fields['missed'][:5])}" + ("……" if len(short) > 5 else "") if short
                  else "各栋均达标")
               + ("" if complete else f"；{month.title}尚未结束，暂不算达标") + f"（{ctx.today.isoformat()} 考核）")
    found = ctx.events.query(type="huanbao.cleaning_review", fields={"month": month.label})
    values = {"title": f"{month.title}楼道保洁日产日清考核", "date": min(month.end, ctx.today).isoformat(),
              "type": "huanbao.cleaning_review", "domain": "huanbao", "status": "done", "summary": summary,
              "fields": fields}
    if found:
        eid = found[0][0]
        ctx.events.edit(eid, values)
        return eid, fields, False
    return ctx.events.add(values), fields, True
