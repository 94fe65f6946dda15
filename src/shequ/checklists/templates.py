"""Checklists: 创建 criteria packs and periodic 台账 checks, with evidence, automatic items and scores.

A *template* (from ``shequ_checklists`` or a user file) lists items; an item
is ticked by hand (with evidence: an event ``#12``, a file, or text), marked
不适用 with a reason, or — when it has a ``rule`` — evaluated from the data:

``{"duty": "dangjian.dangke"}``                 the duty's status for the run's period
``{"events": {"per": "month", "min": 1, "domain": "$unit", "with": "summary"}}``
                                               held events in every month (with a 小结 / attendance)
``{"document": {"kind": "小结", "period": "half"}}``  a registered plan/summary (record ``core.document``)
``{"records": {"type": "x.y", "where": ["k=v"], "min": 1}}``  plugin records

A run is one template for one period and unit (idempotent to start).  A
template with ``recurrence`` is due in every period it covers, started or not.
Automatic items cannot be ticked by hand without ``--override --reason``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from shequ.common.schema import Key, Schema
from shequ.errors import DataError, NotFound, UsageError, ValidationError
from shequ.store import Session

AREA = "checklists"
RUNS, TEMPLATES = "runs", "templates"
RECURRENCES = ("month", "quarter", "half", "year")
ITEM_STATES = {"met": "已达标", "unmet": "未达标", "pending": "未到期", "ticked": "已完成", "open": "未完成",
               "na": "不适用", "override": "已完成（人工认定）"}
DOCUMENT_KINDS = ("计划", "小结", "总结", "台账", "其他")


# -- templates ------------------------------------------------------------------------
_NUMBER = (int, float)


def _items(items: list[Any]) -> list[str]:
    """Each item against :data:`ITEM`, and item ids unique."""
    if not items:
        return ["items 应为非空列表"]
    out, seen = [], set()
    for i, item in enumerate(items, start=1):
        found = ITEM.problems(item)
        if found:
            out.extend(f"第 {i} 项：{m}" if not (isinstance(item, dict) and item.get("id")) else m for m in found)
            continue
        if item["id"] in seen:
            out.append(f"项目编号重复：{item['id']}")
        seen.add(item["id"])
    return out


def _weights(t: dict[str, Any]) -> str | None:
    if not isinstance(t.get("total"), _NUMBER) or not isinstance(t.get("items"), list):
        return None
    weights = [i.get("weight") for i in t["items"] if isinstance(i, dict)]
    total_weight = sum(float(w) for w in weights if isinstance(w, _NUMBER))
    if abs(total_weight - float(t["total"])) > 1e-9:
        return f"各项分值之和为 {total_weight:g}，与总分 {t['total']:g} 不符"
    return None


def _levels_ok(levels: list[Any]) -> str | None:
    ok = all(isinstance(x, (list, tuple)) and len(x) == 2 for x in levels)
    return None if ok else "应为 [[最低分, 等级], …]"


def _id_ok(tid: str) -> str | None:
    ok = re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", tid)
    return None if ok else f"不合法（应为 条线.名称，如 pufa.minzhu_fazhi）：{tid!r}"


#: A checklist item, declared: id and text required; a weight, an automatic rule, evidence.
ITEM = Schema(
    keys=(Key("id", (str, int), required=True, missing="缺少 id"), Key("text", required=True, missing="缺少 text"),
          Key("weight", _NUMBER), Key("rule", (dict,), check=lambda r: "；".join(_validate_rule(r)) or None),
          Key("evidence", (bool,)), Key("help")),
    label=lambda item: f"项目 {item['id']}" if item.get("id") else "",
)
#: A checklist template, declared: its keys and the rules between them (weights add up to the total).
TEMPLATE = Schema(
    keys=(Key("id", required=True, missing="缺少 id（应为 条线.名称，如 pufa.minzhu_fazhi）", check=_id_ok),
          Key("title", required=True, missing="缺少 title"), Key("domain"), Key("source"),
          Key("recurrence", choices=RECURRENCES), Key("total", _NUMBER), Key("levels", (list,), check=_levels_ok),
          Key("items", (list,), required=True, missing="items 应为非空列表", check=lambda items: "；".join(_items(items)) or None)),
    checks=(_weights,),
    label=lambda t: str(t.get("id") or "?"),
)


def validate_template(t: Any) -> list[str]:
    """Problems with a checklist template, in Chinese (all at once)."""
    if not isinstance(t, dict):
        return ["模板应为对象（id、title、items……）"]
    return TEMPLATE.problems(t)


def _validate_rule(rule: Any) -> list[str]:
    if not isinstance(rule, dict) or len(rule) != 1:
        return ["rule 应为 duty / events / document / records 之一"]
    (kind, spec), = rule.items()
    if kind == "duty":
        return [] if isinstance(spec, str) and spec else ["duty 规则应给出职责编号"]
    if kind == "events":
        if not isinstance(spec, dict) or spec.get("per", "period") not in (*RECURRENCES, "period"):
            return ["events 规则的 per 应为 month/quarter/half/year/period"]
        return [] if spec.get("with") in (None, "summary", "attendance") else ["events 规则的 with 应为 summary 或 attendance"]
    if kind == "document":
        ok = isinstance(spec, dict) and spec.get("kind") in DOCUMENT_KINDS and spec.get("period") in ("year", "half", "run")
        return [] if ok else [f"document 规则应为 {{kind: {'/'.join(DOCUMENT_KINDS)}, period: year/half/run}}"]
    if kind == "records":
        return [] if isinstance(spec, dict) and spec.get("type") else ["records 规则应给出 type"]
    return [f"未知的规则：{kind}"]


def plugin_templates(pm: Any) -> Any:
    """The plugins' templates by id; an id two plugins declare is neither's (``declare_once``)."""
    from shequ.plugin.manager import call_each, declare_once

    return declare_once(pm, "清单模板", ((plugin, t.get("id"), {**t, "plugin": plugin})
                                        for plugin, declared in call_each(pm, "shequ_checklists") for t in declared or []))


def templates(pm: Any, session: Session) -> dict[str, dict[str, Any]]:
    """Plugin templates, then the home's own (which may replace a plugin's for a new year's criteria)."""
    out = plugin_templates(pm)
    for tid, t in session.view(AREA).get(TEMPLATES, {}).items():
        out[tid] = {**t, "plugin": "（本社区）"}
        out.clashes.pop(tid, None)  # the home's own template replaces whatever the plugins declared
    return out


def get_template(all_t: dict[str, dict[str, Any]], tid: str) -> dict[str, Any]:
    if tid in all_t:
        return all_t[tid]
    by_title = [t for t in all_t.values() if t.get("title") == tid]
    if len(by_title) == 1:
        return by_title[0]
    getattr(all_t, "refuse_clash", lambda _: None)(tid)  # two plugins declared it: say so, naming both
    raise NotFound(f"找不到清单模板：{tid}（用 shequ checklist template list 查看）")


def load_template_file(path: str | Path) -> list[dict[str, Any]]:
    from shequ.common.tabular import input_file

    p = input_file(path, "模板文件")
    raw = p.read_bytes()
    ext = p.suffix.lower()
    try:
        if ext in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(raw.decode("utf-8-sig"))
        elif ext == ".toml":
            import tomllib

            data = tomllib.loads(raw.decode("utf-8-sig"))
            data = data.get("template", data.get("templates", data))
        elif ext == ".json":
            import orjson

            data = orjson.loads(raw)
        else:
            raise UsageError(f"模板文件应为 .yaml .json 或 .toml：{p.name}")
    except UsageError:
        raise
    except Exception as exc:  # yaml/toml/json each raise their own error types
        raise DataError(f"模板文件格式错误：{p.name}（{type(exc).__name__}: {str(exc).splitlines()[0]}）") from None
    items = data if isinstance(data, list) else [data]
    problems = [m for t in items for m in validate_template(t)]
    if problems:
        raise ValidationError(problems, subject=f"模板文件有误（{p.name}）")
    return items
