"""``shequ config``: this home's settings for rules the source leaves open."""

from __future__ import annotations

from typing import Any

import click

from shequ.cli.options import app, output_options, say


@click.group(name="config")
def config_group() -> None:
    """本社区的设置（育龄年龄段等原文未定义或互相矛盾的规则）。"""


@config_group.command(name="list")
@output_options
def list_cmd(out: Any) -> None:
    """列出全部设置、当前值和默认值。"""
    from shequ.settings import declared, raw_settings
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        values = raw_settings(session, a.pm)
    rows = [{"key": k, "value": values[k], "default": s.default, "description": s.description, "source": s.source}
            for k, s in declared(a.pm).items()]
    out.rows(rows, [Column("key", "设置项"), Column("value", "当前值"), Column("default", "默认值"), Column("description", "说明")])


@config_group.command(name="set")
@click.argument("key")
@click.argument("value")
def set_cmd(key: str, value: str) -> None:
    """修改一项设置，如：shequ config set people.fertile_age 20-49"""
    from shequ.settings import set_setting

    a = app()
    with a.home.transaction(f"config set {key}") as session:
        set_setting(session, key, value, a.pm)
    say(f"已设置 {key} = {value}")


@config_group.command(name="reset")
@click.argument("key")
def reset_cmd(key: str) -> None:
    """把一项设置恢复为默认值。"""
    from shequ.settings import set_setting

    a = app()
    with a.home.transaction(f"config reset {key}") as session:
        set_setting(session, key, None, a.pm)
    say(f"已恢复默认：{key}")
