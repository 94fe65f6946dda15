"""The roll-up as a default plugin: the ``bundle`` and ``rollup`` commands and the
``rollup.expected`` setting (the communities a 街道 expects bundles from)."""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl


def units(text: str) -> list[str]:
    """``幸福社区, 和平社区、光明村`` → the three names (commas, 顿号 or spaces between)."""
    import re

    names = [n for n in re.split(r"[,，、;；\s]+", text) if n]
    if len(set(names)) != len(names):
        raise ValueError("单位名称有重复")
    return names


@hookimpl
def shequ_settings() -> list[Any]:
    from shequ.models import Setting

    return [Setting("rollup.expected", "", "街道汇总时应报送的单位（社区、村的名称，用逗号或顿号分隔；"
                    "rollup status 据此列出未报送的单位）", parse=units, source="篇5 L96：17个村(社区)")]


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("bundle", "shequ.rollup.cli:bundle_group",
                              help="报送包：把本社区一期的数字（不含任何个人信息）导出为一个文件，交给街道汇总。"))
    cli.add_alias("报送", "bundle")
    cli.add_command(LazyGroup("rollup", "shequ.rollup.cli:rollup_group",
                              help="街道汇总：核验各社区的报送包，查看报送情况，生成分社区列示、带合计和图表的汇总报告。"))
    cli.add_alias("汇总", "rollup")
