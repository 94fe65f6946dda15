"""The register as a default plugin: the core's person categories and the ``people`` commands."""

from __future__ import annotations

from typing import Any

from shequ.hookspecs import hookimpl
from shequ.models import PersonCategory


@hookimpl
def shequ_person_categories() -> list[PersonCategory]:
    from shequ.people.categories import CATEGORIES

    return list(CATEGORIES)


@hookimpl
def shequ_register_commands(cli: Any) -> None:
    from shequ.cli import LazyGroup

    cli.add_command(LazyGroup("people", "shequ.people.cli:people_group", help="居民花名册：登记、查询、户、类别、导入导出。"))
    cli.add_alias("人员", "people")
