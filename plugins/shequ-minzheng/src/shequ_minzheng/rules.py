"""The pure helpers the plugin shares (no shequ context here): money in 元 and 分, months, and the
parsers of the plugin's settings.  The labels themselves are in :mod:`shequ_minzheng.labels`."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from shequ import DataError

from .labels import ACCOUNT_ROOT, MONTHLY, PROGRAMS

CENT = Decimal("0.01")


def program_of(account: str | None) -> str | None:
    """The program a schedule or entry pays, from its account (``None`` if not a 民政 payment)."""
    if not account or not account.startswith(ACCOUNT_ROOT + ":"):
        return None
    name = account.split(":")[2]
    return name if name in MONTHLY else None


# -- money -------------------------------------------------------------------------------------
def parse_money(raw: Any, what: str = "金额") -> Decimal:
    """A positive amount in 元 with at most two decimals (分); ``DataError`` in Chinese otherwise."""
    from shequ.api import parse_decimal

    try:
        value = parse_decimal(raw)
    except ValueError as exc:
        raise DataError(f"{what}{exc}") from None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise DataError(f"{what}最多两位小数（精确到分）：{raw}")
    if value <= 0:
        raise DataError(f"{what}应为正数：{raw}")
    return value.quantize(CENT)


def yuan(value: Decimal | int | str) -> str:
    """``9000`` → ``9000.00``."""
    return str(Decimal(str(value)).quantize(CENT))


# -- months ----------------------------------------------------------------------------------
def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(label: str, n: int) -> str:
    y, m = int(label[:4]), int(label[5:7])
    total = y * 12 + (m - 1) + n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def month_start(label: str) -> date:
    return date(int(label[:4]), int(label[5:7]), 1)


def month_end(label: str) -> date:
    from datetime import timedelta

    return month_start(add_months(label, 1)) - timedelta(days=1)


def months_later(day: date, n: int) -> date:
    """The same day *n* months later (the month's last day when it has no such day)."""
    label = add_months(month_of(day), n)
    return date(int(label[:4]), int(label[5:7]), min(day.day, month_end(label).day))


# -- settings parsers (ValueError with a Chinese reason) ---------------------------------------------
def parse_allowance(text: str) -> Decimal:
    try:
        return parse_money(text, "孤儿生活费")
    except DataError as exc:
        raise ValueError(exc.message) from None


def parse_bands(text: str) -> tuple[tuple[int, Decimal], ...]:
    """``80=100,90=200`` → ((80, 100.00), (90, 200.00)): 周岁 ≥ age → monthly amount.  Empty: 未设置."""
    text = text.strip()
    if not text:
        return ()
    out: dict[int, Decimal] = {}
    for part in re.split(r"[,，;；、]\s*", text):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*(\d{1,3})\s*(?:岁|周岁)?\s*[=＝]\s*(.+?)\s*", part)
        if not m:
            raise ValueError(f"尊老金标准应写成 年龄=月金额，多档用逗号分隔（如 80=金额,90=金额）：{part}")
        age = int(m[1])
        if not 1 <= age <= 150:
            raise ValueError(f"年龄应在 1–150 之间：{age}")
        if age in out:
            raise ValueError(f"年龄 {age} 重复")
        try:
            out[age] = parse_money(m[2], f"{age}周岁档的金额")
        except DataError as exc:
            raise ValueError(exc.message) from None
    return tuple(sorted(out.items()))


def band_amount(bands: tuple[tuple[int, Decimal], ...], age: int | None) -> Decimal | None:
    """The amount for a 周岁 *age* (the highest band reached), ``None`` below every band."""
    found = None
    if age is None:
        return None
    for low, amount in bands:
        if age >= low:
            found = amount
    return found


def parse_amounts(text: str) -> dict[str, Decimal]:
    """``重度残疾人生活补助=金额,物价补贴=金额`` → {program: amount}; empty means none set."""
    out: dict[str, Decimal] = {}
    for part in re.split(r"[,，;；、]\s*", text.strip()):
        if not part.strip():
            continue
        name, sep, amount = part.partition("=")
        name = name.strip()
        if not sep:
            raise ValueError(f"应写成 项目=月金额：{part}")
        if name not in PROGRAMS:
            raise ValueError(f"未知的救助项目：{name}（可用：{'、'.join(PROGRAMS)}）")
        try:
            out[name] = parse_money(amount, f"{name}的金额")
        except DataError as exc:
            raise ValueError(exc.message) from None
    return out


def parse_positive_int(text: str) -> int:
    if not text.strip().isdigit() or int(text) <= 0:
        raise ValueError(f"应为正整数：{text}")
    return int(text)
