"""A name two plugins declare — record type, duty, checklist template, setting, person category — is
neither plugin's: both declarations are disabled, every use of the name says so naming both plugins,
and ``shequ plugins`` lists the clash.  The core's own names stay the core's (issue 15, item 9)."""

from __future__ import annotations

import json
import types
from decimal import Decimal
from pathlib import Path

import pytest

from shequ import Field, PersonCategory, RecordType, Setting, hookimpl
from shequ.testing import runner

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def plugin(name: str, **hooks: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook, fn in hooks.items():
        setattr(module, hook, hookimpl(fn))  # type: ignore[arg-type]
    return module


def clash_message(what: str, name: str, first: str, second: str) -> str:
    return (f"{what} {name} 冲突：插件 {first} 与插件 {second} 都声明了它，两者的声明都已停用"
            f"（请只保留其中一个插件，或请插件作者改名）")


#: What the audit did: a plugin sorted before shequ_pufa declares 帮教 without the name mask.
UNMASKED = RecordType(id="pufa.bangjiao", title="安置帮教", fields=(Field("person", "person", label="帮教对象"),
                                                                  Field("category", "str", label="类别")))


def test_an_earlier_plugin_cannot_unmask_another_plugins_record_type(tmp_path):
    import shequ_pufa

    home = tmp_path / "h"
    honest = runner(home, shequ_pufa, today="2025-12-31")
    honest("init")
    for name in ("杨珊", "任之", "闫莎"):
        honest("people", "add", name)
    honest("record", "import", "pufa.bangjiao", str(EXAMPLES / "pufa" / "bangjiao.csv"))
    assert "杨珊" not in honest("record", "list", "pufa.bangjiao").stdout  # masked

    evil = plugin("shequ_aaa", shequ_record_types=lambda: [UNMASKED])
    run = runner(home, evil, shequ_pufa, today="2025-12-31")
    message = clash_message("记录类型", "pufa.bangjiao", "shequ_aaa", "shequ_pufa")
    for args in (("record", "list", "pufa.bangjiao"), ("record", "list", "pufa.bangjiao", "--reveal"),
                 ("record", "export", "pufa.bangjiao", str(tmp_path / "out.csv")), ("record", "show", "1")):
        done = run(*args, code=1)
        assert "杨珊" not in done.output
        assert done.stderr.strip().splitlines()[-1] == f"错误：{message}", args
    assert not (tmp_path / "out.csv").exists()
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert message in rows["shequ_aaa"]["errors"] and message in rows["shequ_pufa"]["errors"]
    assert "pufa.bangjiao" not in run("record", "types").stdout
    # The rest of both plugins keeps working.
    assert json.loads(run("record", "list", "pufa.dispute", "--json").stdout) == []


def test_a_duty_two_plugins_declare_is_neithers(tmp_path):
    duty = {"id": "zz.visit", "title": "走访", "kind": "quota", "source": "测试", "per": "year", "min": 1,
            "count": {"type": "core.activity"}}
    a = plugin("shequ_xa", shequ_duties=lambda: [dict(duty)])
    b = plugin("shequ_xb", shequ_duties=lambda: [dict(duty, min=9)])
    run = runner(tmp_path / "h", a, b, today="2025-12-31")
    run("init")
    message = clash_message("职责", "zz.visit", "shequ_xa", "shequ_xb")
    assert run("duties", "show", "zz.visit", code=1).stderr.strip().endswith(message)
    assert "zz.visit" not in run("duties", "status", "--json").stdout
    duties_file = tmp_path / "own.json"
    duties_file.write_text(json.dumps([duty]), encoding="utf-8")
    assert "与插件的职责同名：zz.visit" in run("duties", "add", str(duties_file), code=1).stderr
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert message in rows["shequ_xa"]["errors"] and message in rows["shequ_xb"]["errors"]


def test_a_checklist_template_two_plugins_declare_is_neithers(tmp_path):
    template = {"id": "zz.check", "title": "检查", "items": [{"id": "a", "text": "有台账"}]}
    a = plugin("shequ_ya", shequ_checklists=lambda: [dict(template)])
    b = plugin("shequ_yb", shequ_checklists=lambda: [dict(template, title="另一个")])
    run = runner(tmp_path / "h", a, b, today="2025-12-31")
    run("init")
    message = clash_message("清单模板", "zz.check", "shequ_ya", "shequ_yb")
    assert run("checklist", "start", "zz.check", "--period", "2025", code=1).stderr.strip().endswith(message)
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert message in rows["shequ_ya"]["errors"] and message in rows["shequ_yb"]["errors"]


def test_a_setting_two_plugins_declare_is_neithers_and_reading_it_names_both(tmp_path):
    seen = []

    def register(cli):
        @cli.command(name="amount")
        def amount() -> None:
            from shequ.api import open_context

            with open_context() as ctx:
                seen.append(ctx.settings["zz.rate"])

    a = plugin("shequ_za", shequ_settings=lambda: [Setting("zz.rate", "1", "甲的费率", type="decimal")],
               shequ_register_commands=register)
    b = plugin("shequ_zb", shequ_settings=lambda: [Setting("zz.rate", "2", "乙的费率", type="decimal")])
    run = runner(tmp_path / "h", a, b)
    run("init")
    message = clash_message("设置项", "zz.rate", "shequ_za", "shequ_zb")
    assert run("config", "set", "zz.rate", "3", code=1).stderr.strip().endswith(message)
    assert "zz.rate" not in run("config", "list").stdout
    done = run("amount", code=1)
    assert done.stderr.strip().endswith(message) and seen == []
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert message in rows["shequ_za"]["errors"] and message in rows["shequ_zb"]["errors"]


def test_a_person_category_two_plugins_declare_is_neithers(tmp_path):
    def everyone(person, on):  # type: ignore[no-untyped-def]
        return True

    a = plugin("shequ_ca", shequ_person_categories=lambda: [PersonCategory("帮扶对象", everyone, sensitive=True)])
    b = plugin("shequ_cb", shequ_person_categories=lambda: [PersonCategory("帮扶对象", everyone)])
    run = runner(tmp_path / "h", a, b)
    run("init")
    run("people", "add", "张三")
    message = clash_message("人员类别", "帮扶对象", "shequ_ca", "shequ_cb")
    done = run("people", "list", "-c", "帮扶对象", code=1)
    assert done.stderr.strip().endswith(message) and "张三" not in done.stdout
    assert "帮扶对象" not in run("people", "categories").stdout


def test_the_cores_names_stay_the_cores(tmp_path):
    def nobody(person, on):  # type: ignore[no-untyped-def]
        return False

    grab = plugin("shequ_grab", shequ_person_categories=lambda: [PersonCategory("高龄", nobody)],
                  shequ_settings=lambda: [Setting("people.fertile_age", "1-2", "抢注")])
    run = runner(tmp_path / "h", grab, today="2025-06-30")
    run("init")
    run("people", "add", "王秀英", "--birth", "1933-02-02")
    assert [p["name"] for p in json.loads(run("people", "list", "-c", "高龄", "--json").stdout)] == ["王秀英"]
    errors = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}["shequ_grab"]["errors"]
    assert any(e.startswith("人员类别 高龄 冲突：shequ.people.plugin 与插件 shequ_grab") for e in errors)
    assert any(e.startswith("设置项 people.fertile_age 冲突：shequ 与插件 shequ_grab") for e in errors)
    assert {r["key"]: r for r in json.loads(run("config", "list", "--json").stdout)}["people.fertile_age"]["value"] == "15-49"


@pytest.mark.parametrize("hook", ["shequ_duties", "shequ_checklists"])
def test_one_plugin_declaring_a_name_twice_keeps_the_first(tmp_path, hook):
    item = ({"id": "zz.once", "title": "一", "kind": "quota", "source": "测试", "per": "year", "min": 1,
             "count": {"type": "core.activity"}} if hook == "shequ_duties"
            else {"id": "zz.once", "title": "一", "items": [{"id": "a", "text": "甲"}]})
    twice = plugin("shequ_tw", **{hook: lambda: [dict(item), dict(item, title="二")]})
    run = runner(tmp_path / "h", twice, today="2025-12-31")
    run("init")
    if hook == "shequ_duties":
        assert json.loads(run("duties", "show", "zz.once", "--json").stdout)["title"] == "一"
    else:
        run("checklist", "start", "zz.once", "--period", "2025")
    errors = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}["shequ_tw"]["errors"]
    assert any("zz.once 重复声明（插件 shequ_tw），保留先声明者" in e for e in errors)


def test_settings_of_a_plugin_without_a_clash_still_read(tmp_path):
    from shequ.settings import get_settings
    from shequ.store import Home

    mod = plugin("shequ_one", shequ_settings=lambda: [Setting("one.rate", "750", "费率", type="decimal")])
    run = runner(tmp_path / "h", mod)
    run("init")
    with Home(run.home).read() as session:
        settings = get_settings(session, run.pm)
    assert settings["one.rate"] == Decimal("750") and settings["people.fertile_age"] == (15, 49)
    with pytest.raises(KeyError):
        settings["one.nothing"]
