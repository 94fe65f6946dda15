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


def parse_decimal(raw: Any) -> Decimal:
    """``1234.5``, ``1,234.50``, ``¥1234.50``, ``1234.50元`` → Decimal; ``12,5`` is refused."""
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, bool):
        raise ValueError("应为数字")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace(" ", "")
    for mark in ("¥", "￥", "RMB", "CNY"):
        text = text.replace(mark, "")
    if text.endswith("元"):
        text = text[:-1]
    if not _AMOUNT.match(text):
        raise ValueError(f"不是有效的数字：{raw}（小数点用“.”，千位分隔用“,”）")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex already guards
        raise ValueError(f"不是有效的数字：{raw}") from None


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
            return str(raw).strip()
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
