"""Turning what people type (or what a spreadsheet holds) into typed field values.

Each coercer takes a raw value (usually a string) and returns the JSON-native
value to store, or raises ``ValueError`` with a Chinese reason.  Stored forms:
``decimal`` as a string (never a float), ``date`` as ISO, ``datetime`` as
``YYYY-MM-DD HH:MM``, ``bool`` as true/false, ``list`` as a list of strings,
``person``/``event`` references as integer ids.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from shequ.errors import UsageError
from shequ.periods import parse_date, parse_datetime

TRUE = {"是", "true", "yes", "y", "1", "对", "√", "有", "t"}
FALSE = {"否", "false", "no", "n", "0", "错", "×", "无", "f"}
_AMOUNT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
LIST_SEP = re.compile(r"[,，、;；]\s*")


#: The largest single amount of money a 社区 books (10 亿元): a 20-digit figure is a typo.
AMOUNT_LIMIT = Decimal(1_000_000_000)
#: Any decimal a home holds: exact sums of millions of them stay within Decimal's 28 digits.
DECIMAL_LIMIT = Decimal(10) ** 15
DECIMAL_PLACES = 10


def parse_decimal(raw: Any) -> Decimal:
    """``1234.5``, ``1,234.50``, ``¥1234.50``, ``1234.50元`` → Decimal; ``12,5`` is refused, and so is
    anything of 16 or more integer digits or more than 10 decimals."""
    value = _decimal(raw)
    if not value.is_finite() or abs(value) >= DECIMAL_LIMIT:
        raise ValueError(f"数字太大：{shorten(raw)}（不超过 {DECIMAL_LIMIT - 1:,}）")
    if value.as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator]
        raise ValueError(f"小数位太多：{shorten(raw)}（最多 {DECIMAL_PLACES} 位）")
    return value


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, bool):
        raise ValueError("应为数字")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace(" ", "")
    if len(text) > 80:  # no amount is this long; the regex and Decimal need not read a pasted page
        raise ValueError(f"不是有效的数字：{shorten(raw)}")
    for mark in ("¥", "￥", "RMB", "CNY"):
        text = text.replace(mark, "")
    if text.endswith("元"):
        text = text[:-1]
    if not _AMOUNT.match(text):
        raise ValueError(f"不是有效的数字：{shorten(raw)}（小数点用“.”，千位分隔用“,”）")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex already guards
        raise ValueError(f"不是有效的数字：{raw}") from None


#: Terminal control characters (ESC, BEL, NUL …) and C1 controls; tab and line breaks are text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: …and in a name, also line breaks, tabs, zero-width and bidirectional marks (a name that
#: reads as another, or that moves the cursor, is not a name).
_NOT_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
#: The longest name (a person, a unit, a team: transliterated names run to about 20 characters)
#: and title (an activity: "普法宣传：《中华人民共和国城市居民委员会组织法》" is 24) shequ keeps.
NAME_LIMIT = 50
TITLE_LIMIT = 100


def shorten(text: Any, limit: int = 40) -> str:
    """*text* for a message: at most *limit* characters, then how long it really was."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


def names(items: Any, limit: int = 10) -> str:
    """Column names (or other names from a file) for a message: each :func:`shorten`-ed, at most
    *limit* of them — a garbage file's header is not pasted back whole."""
    items = list(items)
    shown = "、".join(shorten(x, 30) for x in items[:limit])
    return shown + (f" 等 {len(items)} 项" if len(items) > limit else "")


def check_text(text: str) -> str:
    """*text* unless it holds a control character (``ValueError`` naming it)."""
    m = _CONTROL.search(text)
    if m:
        raise ValueError(f"含有控制字符 {m[0]!r}（如终端转义序列），请删去")
    return text


def check_name(text: str, limit: int = NAME_LIMIT) -> str:
    """A name or title: one line of at most *limit* characters, no control or invisible characters."""
    m = _NOT_IN_NAME.search(text)
    if m:
        what = "换行或制表符" if m[0] in "\t\n\r\u2028\u2029" else "控制字符或不可见字符"
        raise ValueError(f"含有{what} {m[0]!r}，请删去")
    if len(text) > limit:
        raise ValueError(f"太长：{len(text)} 个字符（最多 {limit} 个）")
    return text


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"应为 是/否：{raw}")


#: Integers a home can hold: JSON readers (and orjson, which writes the files) stop at 64 bits,
#: and spreadsheets at 2^53; no count, score or amount of a 社区 comes near.
INT_LIMIT = 2**53


def parse_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("应为整数")
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(f"应为整数：{raw}")
        value = int(text)
    if abs(value) >= INT_LIMIT:
        raise ValueError(f"整数太大：{raw}（不超过 {INT_LIMIT - 1}）")
    return value


def parse_list(raw: Any) -> list[str]:
    if isinstance(raw, (list, tuple)):
        return [str(x).strip() for x in raw if str(x).strip()]
    return [part.strip() for part in LIST_SEP.split(str(raw)) if part.strip()]


def coerce_scalar(ftype: str, raw: Any, today: date | None = None) -> Any:
    """Coerce for the types that need no store look-up; ``ValueError`` on bad input."""
    try:
        if ftype == "str":
            return check_text(str(raw).strip())
        if ftype == "int":
            return parse_int(raw)
        if ftype == "decimal":
            return str(parse_decimal(raw))
        if ftype == "date":
            return parse_date(str(raw), today=today).isoformat()
        if ftype == "datetime":
            return parse_datetime(str(raw), today=today).strftime("%Y-%m-%d %H:%M")
        if ftype == "bool":
            return parse_bool(raw)
        if ftype == "list":
            return parse_list(raw)
        if ftype == "choice":
            return str(raw).strip()
    except UsageError as exc:  # date parsers speak as for options; here it is data
        raise ValueError(exc.message) from None
    raise ValueError(f"未知的字段类型：{ftype}")


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, (list, tuple)) and not raw)
