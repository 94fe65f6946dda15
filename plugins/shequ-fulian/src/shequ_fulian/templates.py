"""The 创建 checklists as YAML files an office edits (``shequ fulian template``).

The source names the 妇女之家 and 巾帼文明岗 programs but defines no standards (主 L2);
the templates therefore hold only what the source says — the three family goals of
主 L7 — and are meant to be completed from the higher 妇联's documents and added back
with ``shequ checklist template add`` (same id: the home's copy replaces the plugin's).
Strings are written as JSON scalars, which YAML reads unchanged.
"""

from __future__ import annotations

import json
from typing import Any

NAMES = {"妇女之家": "fulian.funv_zhijia", "巾帼文明岗": "fulian.jinguo_gang"}


def _q(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def to_yaml(template: dict[str, Any]) -> str:
    lines = [
        f"# {template['title']}（shequ 妇联插件的可编辑模板）",
        "# 原文只说“以创建‘妇女之家’‘巾帼文明岗’为抓手”（主 L2），没有给出创建标准；",
        "# 下面只有原文主 L7 的三项家庭目标。请按上级妇联的创建文件增删项目、加分值（weight）和总分（total），",
        "# 然后：shequ checklist template add 本文件.yaml（编号相同即替换插件自带的模板）。",
        "# 项目可写 evidence: true（需佐证），或自动规则 rule，如 {duty: fulian.spring_checkup}。",
        f"id: {template['id']}",
        f"title: {_q(template['title'])}",
        f"domain: {template.get('domain', 'fulian')}",
        f"source: {_q(template.get('source', ''))}",
    ]
    for key in ("recurrence", "total"):
        if template.get(key) is not None:
            lines.append(f"{key}: {_q(template[key])}")
    lines.append("items:")
    for item in template["items"]:
        lines.append(f"  - id: {item['id']}")
        lines.append(f"    text: {_q(item['text'])}")
        for key in ("weight", "evidence", "rule"):
            if item.get(key) is not None:
                lines.append(f"    {key}: {_q(item[key])}")
    return "\n".join(lines) + "\n"
