"""Per-home settings (``shequ config``), kept in ``meta.json`` table ``config``.

Where the source plans leave a rule undefined or contradict themselves
(the 育龄 age band, first Wednesday vs first Tuesday …), shequ ships a
default and lets each home set its own.  Keys are declared here with a
default, a Chinese description and a parser, so a typo is an error.
"""

from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple

from .errors import UsageError
from .storage import Session


class Setting(NamedTuple):
    default: str
    description: str
    parse: Callable[[str], Any]


def _age_band(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,3})\s*[-–~～至到]\s*(\d{1,3})\s*", text)
    if not m or int(m[1]) > int(m[2]):
        raise UsageError(f"年龄段格式应为 起-止（如 15-49）：{text}")
    return int(m[1]), int(m[2])


def _age(text: str) -> int:
    if not text.strip().isdigit():
        raise UsageError(f"年龄应为整数：{text}")
    return int(text)


def _month_day_range(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    m = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*\.\.\s*(\d{1,2})-(\d{1,2})\s*", text)
    if not m:
        raise UsageError(f"时段格式应为 MM-DD..MM-DD（如 03-01..05-31）：{text}")
    a, b = (int(m[1]), int(m[2])), (int(m[3]), int(m[4]))
    from datetime import date

    for mo, d in (a, b):
        try:
            date(2024, mo, d)  # a leap year, so 02-29 is allowed
        except ValueError:
            raise UsageError(f"时段中的日期不存在：{mo:02d}-{d:02d}") from None
    return a, b


SETTINGS: dict[str, Setting] = {
    "people.fertile_age": Setting("15-49", "育龄妇女的年龄段（周岁，含两端；原文未定义，通行为 15-49）", _age_band),
    "people.infant_max_age": Setting("3", "“0~3岁”儿童的最大周岁（含）", _age),
    # Seasons and school holidays: the plans say 春季、寒假 … without dates (DOMAIN §5 item 8).
    "calendar.spring": Setting("03-01..05-31", "“春季”的起止（原文未定义）", _month_day_range),
    "calendar.summer": Setting("06-01..08-31", "“夏季”的起止", _month_day_range),
    "calendar.autumn": Setting("09-01..11-30", "“秋季”的起止", _month_day_range),
    "calendar.winter": Setting("12-01..02-28", "“冬季”的起止（跨年）", _month_day_range),
    "calendar.winter_vacation": Setting("01-20..02-20", "“寒假”的起止（各地不同）", _month_day_range),
    "calendar.summer_vacation": Setting("07-01..08-31", "“暑假”的起止", _month_day_range),
    # Report fonts (GB/T 9704): many offices lack the 方正 fonts, so every name is a setting.
    "report.title_font": Setting("方正小标宋简体", "报告标题字体（没有方正字体可改为 黑体）", str.strip),
    "report.heading_font": Setting("黑体", "一级标题字体", str.strip),
    "report.body_font": Setting("仿宋", "正文字体（可改为 仿宋_GB2312）", str.strip),
}


def get_settings(session: Session) -> dict[str, Any]:
    """Every setting, parsed: the home's value or the default."""
    stored = session.view("meta").get("config", {}).get("1", {})
    return {key: s.parse(stored.get(key, s.default)) for key, s in SETTINGS.items()}


def raw_settings(session: Session) -> dict[str, str]:
    stored = session.view("meta").get("config", {}).get("1", {})
    return {key: stored.get(key, s.default) for key, s in SETTINGS.items()}


def set_setting(session: Session, key: str, value: str | None) -> None:
    """Set (or, with ``None``, reset to the default) one setting; validates the value."""
    if key not in SETTINGS:
        raise UsageError(f"未知的设置项：{key}（可用：{'、'.join(SETTINGS)}）")
    stored = dict(session.view("meta").get("config", {}).get("1", {}))
    if value is None:
        stored.pop(key, None)
    else:
        SETTINGS[key].parse(value)
        stored[key] = value.strip()
    session.put("meta", "config", "1", stored)
