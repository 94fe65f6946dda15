"""Per-home settings (``shequ config``), kept in ``meta.json`` table ``config``.

Where the source plans leave a rule undefined or contradict themselves
(the 育龄 age band, first Wednesday vs first Tuesday …), shequ ships a
default and lets each home set its own.  Keys are declared here with a
default, a Chinese description and a parser, so a typo is an error.
"""

from __future__ import annotations

import re
from typing import Any

from shequ.errors import UsageError
from shequ.models import Setting
from shequ.store import Session


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
    "people.fertile_age": Setting("people.fertile_age", "15-49", "育龄妇女的年龄段（周岁，含两端；原文未定义，通行为 15-49）", parse=_age_band),
    "people.infant_max_age": Setting("people.infant_max_age", "3", "“0~3岁”儿童的最大周岁（含）", parse=_age),
    # Seasons and school holidays: the plans say 春季、寒假 … without dates (DOMAIN §5 item 8).
    "calendar.spring": Setting("calendar.spring", "03-01..05-31", "“春季”的起止（原文未定义）", parse=_month_day_range),
    "calendar.summer": Setting("calendar.summer", "06-01..08-31", "“夏季”的起止", parse=_month_day_range),
    "calendar.autumn": Setting("calendar.autumn", "09-01..11-30", "“秋季”的起止", parse=_month_day_range),
    "calendar.winter": Setting("calendar.winter", "12-01..02-28", "“冬季”的起止（跨年）", parse=_month_day_range),
    "calendar.winter_vacation": Setting("calendar.winter_vacation", "01-20..02-20", "“寒假”的起止（各地不同）", parse=_month_day_range),
    "calendar.summer_vacation": Setting("calendar.summer_vacation", "07-01..08-31", "“暑假”的起止", parse=_month_day_range),
    # Report fonts (GB/T 9704): many offices lack the 方正 fonts, so every name is a setting.
    "report.title_font": Setting("report.title_font", "方正小标宋简体", "报告标题字体（没有方正字体可改为 黑体）", parse=str.strip),
    "report.heading_font": Setting("report.heading_font", "黑体", "一级标题字体", parse=str.strip),
    "report.body_font": Setting("report.body_font", "仿宋", "正文字体（可改为 仿宋_GB2312）", parse=str.strip),
}


def declared(pm: Any = None) -> dict[str, Setting]:
    """The core's settings and, given the plugin manager, every plugin's (``shequ_settings``).

    A plugin setting whose key is taken, or whose declaration is invalid, is left out
    with an error naming the plugin; the rest still work.
    """
    if pm is None:
        return SETTINGS
    return pm.cached("settings", lambda: _declared(pm))


def _declared(pm: Any) -> dict[str, Setting]:
    from shequ.plugin.manager import call_each_safely, declare_once

    valid = [("shequ", key, s) for key, s in SETTINGS.items()]
    for plugin, result, error in call_each_safely(pm, "shequ_settings"):
        if error is not None:
            pm.problem(plugin, f"插件 {plugin} 的 shequ_settings 出错：{error}")
            continue
        for s in result or []:
            if not isinstance(s, Setting):
                pm.problem(plugin, f"插件 {plugin} 的 shequ_settings 返回了非 Setting 对象：{s!r}")
                continue
            problems = s.problems()
            if problems:
                pm.problem(plugin, f"插件 {plugin} 的设置项不合法：{'；'.join(problems)}")
            else:
                valid.append((plugin, s.key, s))
    return declare_once(pm, "设置项", valid)  # a key two plugins declare is neither's


def _stored(session: Session) -> dict[str, str]:
    return session.view("meta").get("config", {}).get("1", {})


def _parse(s: Setting, text: str) -> Any:
    try:
        return s.value(text)
    except UsageError:
        raise
    except ValueError as exc:
        raise UsageError(f"设置 {s.key} 的值无效：{exc}") from None


def get_settings(session: Session, pm: Any = None) -> dict[str, Any]:
    """Every setting, parsed: the home's value or the default."""
    stored = _stored(session)
    known = declared(pm)
    values = {key: _parse(s, stored.get(key, s.default)) for key, s in known.items()}
    return known.like(values) if hasattr(known, "like") else values  # a clashing key names both plugins


def raw_settings(session: Session, pm: Any = None) -> dict[str, str]:
    stored = _stored(session)
    return {key: stored.get(key, s.default) for key, s in declared(pm).items()}


def set_setting(session: Session, key: str, value: str | None, pm: Any = None) -> None:
    """Set (or, with ``None``, reset to the default) one setting; validates the value."""
    known = declared(pm)
    if key not in known:
        getattr(known, "refuse_clash", lambda _: None)(key)
        raise UsageError(f"未知的设置项：{key}（可用：{'、'.join(known)}）")
    stored = dict(_stored(session))
    if value is None:
        stored.pop(key, None)
    else:
        _parse(known[key], value)
        stored[key] = value.strip()
    session.put("meta", "config", "1", stored)
