"""The public plugin API (``shequ.api``): the context, the command kit, entry fields, settings,
the enforced boundary, the scaffold — and what a plugin gets wrong, named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from decimal import Decimal

import click
import pytest

from shequ import DataError, Field, NotFound, RecordType, ReportSection, Setting, UsageError, hookimpl
from shequ.testing import boundary_problems, check_plugin, runner


def plugin(name: str, **hooks: object) -> types.ModuleType:
    """A throwaway plugin module implementing *hooks* (functions named like the hookspecs)."""
    module = types.ModuleType(name)
    for hook, fn in hooks.items():
        setattr(module, hook, hookimpl(fn))  # type: ignore[arg-type]
    return module


# -- plugin fields on ledger entries --------------------------------------------------------------
ROUND = RecordType(id="fund.round", title="募捐轮次", kind="ledger",
                   fields=(Field("round", "int", label="轮次"), Field("drive", "str", label="募捐活动")))


def _no_zero_round(record: dict, record_type: RecordType, ctx: object) -> list[str]:
    if record_type.id == "fund.round" and record.get("round") == 0:
        return ["轮次从 1 开始"]
    return []


@pytest.fixture
def funded(tmp_path):
    mod = plugin("shequ_fund", shequ_record_types=lambda: [ROUND], shequ_validate=_no_zero_round)
    run = runner(tmp_path / "h", mod, today="2025-06-30")
    run("init")
    return run


def test_entry_fields_are_stored_validated_listed_and_exported(funded, tmp_path):
    run = funded
    eid = run("ledger", "add", "--amount", "50", "--in", "--account", "收入:捐赠", "--field", "round=2",
              "-F", "募捐活动=一日捐").stdout.strip()
    row = json.loads(run("ledger", "show", eid, "--json").stdout)
    assert row["round"] == 2 and row["drive"] == "一日捐"
    table = run("ledger", "list").stdout
    assert "轮次" in table and "一日捐" in table
    err = run("ledger", "add", "--amount", "5", "--in", "--account", "收入:捐赠", "--field", "round=二", code=1).stderr
    assert "轮次：“二”不是整数" in err or "轮次" in err
    assert "轮次从 1 开始" in run("ledger", "add", "--amount", "5", "--in", "--account", "收入:捐赠", "-F", "round=0",
                                  code=1).stderr
    assert "未知的账目字段 colour" in run("ledger", "add", "--amount", "5", "--in", "--account", "收入:捐赠",
                                         "-F", "colour=red", code=1).stderr
    csv = tmp_path / "ledger.csv"
    run("ledger", "export", str(csv), "--period", "2025")
    text = csv.read_text("utf-8-sig")
    assert text.splitlines()[0].endswith("轮次,募捐活动") and text.splitlines()[1].endswith(",2,一日捐")
    run("ledger", "edit", eid, "-F", "round=3")
    assert json.loads(run("ledger", "show", eid, "--json").stdout)["round"] == 3


def test_entry_fields_come_back_in_through_import(funded, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("日期,金额,收支,科目,轮次\n2025-03-01,10.00,收入,收入:捐赠,4\n", encoding="utf-8")
    funded("ledger", "import", str(src))
    assert json.loads(funded("ledger", "list", "--json").stdout)[0]["round"] == 4


def test_a_plugin_entry_field_named_like_a_core_one_is_refused_naming_the_plugin(tmp_path):
    bad = RecordType(id="bad.money", title="坏字段", kind="ledger", fields=(Field("memo", "str", label="备注"),))
    mod = plugin("shequ_bad", shequ_record_types=lambda: [bad])
    run = runner(tmp_path / "h", mod, today="2025-06-30")
    run("init")
    done = run("ledger", "list", "--json")  # the rest of the CLI keeps working
    assert json.loads(done.stdout) == []
    assert "插件 shequ_bad 的账目字段 memo（备注）与核心账目字段重名" in done.stderr
    assert any("与核心账目字段重名" in p for p in check_plugin(mod, check_imports=False))


def test_two_plugins_declaring_one_entry_field_are_both_named(tmp_path):
    a = plugin("shequ_aa", shequ_record_types=lambda: [RecordType("aa.x", "甲", kind="ledger", fields=(Field("tag", "str"),))])
    b = plugin("shequ_bb", shequ_record_types=lambda: [RecordType("bb.x", "乙", kind="ledger", fields=(Field("tag", "str"),))])
    run = runner(tmp_path / "h", a, b)
    run("init")
    err = run("ledger", "list").stderr
    assert "账目字段 tag 冲突：插件 shequ_aa 与插件 shequ_bb" in err


# -- settings ---------------------------------------------------------------------------------------
def test_plugin_settings_are_listed_validated_and_read_through_the_context(tmp_path):
    seen = []

    def register(cli):
        @cli.command(name="amount")
        def amount() -> None:
            from shequ.api import open_context

            with open_context() as ctx:
                seen.append(ctx.settings["mz.orphan"])

    mod = plugin("shequ_mz", shequ_settings=lambda: [Setting("mz.orphan", "750", "孤儿生活费（元/月）", type="decimal")],
                 shequ_register_commands=register)
    run = runner(tmp_path / "h", mod)
    run("init")
    rows = {r["key"]: r for r in json.loads(run("config", "list", "--json").stdout)}
    assert rows["mz.orphan"]["value"] == "750" and rows["mz.orphan"]["description"] == "孤儿生活费（元/月）"
    assert "设置 mz.orphan 的值无效" in run("config", "set", "mz.orphan", "很多", code=2).stderr
    run("config", "set", "mz.orphan", "800")
    run("amount")
    assert seen == [Decimal("800")]


def test_a_setting_clashing_with_the_core_or_badly_declared_is_named():
    mod = plugin("shequ_st", shequ_settings=lambda: [Setting("people.fertile_age", "1", "抢注"),
                                                    Setting("st.level", "高", "等级", type="choice", choices=("低", "中"))])
    problems = "\n".join(check_plugin(mod, check_imports=False))
    assert "设置项 people.fertile_age 冲突：shequ 与插件 shequ_st" in problems
    assert "设置项 st.level 的默认值 '高' 无效" in problems
    assert "设置项 people.fertile_age 应以插件名 st. 开头" in problems


# -- the boundary ------------------------------------------------------------------------------------
def test_boundary_finds_internal_imports_strings_and_session_use(tmp_path):
    pkg = tmp_path / "shequ_leaky"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from shequ import hookimpl, ReportSection\nfrom shequ.api import open_context\n")
    (pkg / "cli.py").write_text(
        "import shequ.storage\n"
        "from shequ import records\n"
        "TARGET = 'shequ.cli:LazyGroup'\n"
        "def f(ctx):\n"
        "    from shequ.ledger import add_entry\n"
        "    return ctx.session.view('people'), ctx.app.home\n")
    sys.path.insert(0, str(tmp_path))
    try:
        import shequ_leaky
        found = "\n".join(boundary_problems(shequ_leaky))
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("shequ_leaky", None)
    for text in ("非公开模块 shequ.storage（cli.py:1）", "非公开模块 shequ.records（cli.py:2）",
                 "非公开模块 shequ.cli（cli.py:3）", "非公开模块 shequ.ledger（cli.py:5）",
                 "直接使用了 .session（cli.py:6）", "直接使用了 .app（cli.py:6）", "直接使用了 .home（cli.py:6）"):
        assert text in found, text
    assert "__init__.py" not in found  # shequ, shequ.api, ReportSection: all public


@pytest.mark.parametrize("name", ["shequ_dangjian", "shequ_pufa", "shequ_hello"])
def test_the_shipped_plugins_keep_to_the_public_api(name):
    import importlib

    assert boundary_problems(importlib.import_module(name)) == []


# -- the context -------------------------------------------------------------------------------------
def test_context_reads_and_writes_through_its_parts(tmp_path):
    from shequ.api import open_home

    run = runner(tmp_path / "h")
    run("init", "--name", "幸福社区")
    for name in ("张三", "李四", "李四"):
        run("people", "add", name)
    with open_home(tmp_path / "h", write=True, plugins=[], today="2025-03-31") as ctx:
        assert ctx.unit == "幸福社区" and ctx.writable
        zhang = ctx.people.resolve("张三")
        with pytest.raises(DataError, match="有 2 个同名"):
            ctx.people.resolve("李四")
        with pytest.raises(NotFound):
            ctx.people.resolve("王五")
        eid = ctx.events.add({"title": "读书会", "date": "3月8日", "status": "done", "attendees": ["张三"], "domain": "社区教育"})
        ctx.events.add({"title": "计划", "date": "2025-04-01"})
        ctx.ledger.add({"date": "2025-03-08", "amount": "120.5", "direction": "out", "account": "支出:活动",
                        "event": eid, "memo": "图书"})
        doc = ctx.events.get(eid)
        doc["title"] = "改了也不写入"  # write contexts hand out copies
    with open_home(tmp_path / "h", plugins=[], today="2025-03-31") as ctx:
        assert not ctx.writable
        assert [e["title"] for _, e in ctx.events.query(status="done", period="2025-03")] == ["读书会"]
        assert [e["title"] for _, e in ctx.events.query(domain="jiaoyu")] == ["读书会"]
        assert ctx.events.query(type="core.activity", period="2025-Q2")[0][1]["status"] == "planned"
        assert ctx.events.get(eid)["attendees"] == [zhang] and ctx.people.name(zhang) == "张三"
        assert ctx.ledger.total("支出", "2025") == Decimal("120.50")
        assert ctx.ledger.total("支出", "2025-04") == 0 and ctx.ledger.total(direction="in") == 0
        assert ctx.parse_period("2025上半年").label == "2025-H1"
        with pytest.raises(UsageError, match="只读"):
            ctx.events.add({"title": "x", "date": "2025-03-01"})


def test_report_context_says_the_period_the_way_reports_do(tmp_path):
    seen = {}

    def sections(kind, period, ctx):
        seen[kind] = (ctx.noun, ctx.year_to_date.label, ctx.wants("x"), ctx.unit)
        return [ReportSection("测试", order=99, paragraphs=[ctx.noun])]

    run = runner(tmp_path / "h", plugin("shequ_x", shequ_report_sections=sections), today="2025-12-31")
    run("init", "--name", "幸福社区")
    for kind, period in (("monthly", "2025-03"), ("quarterly", "2025-Q3"), ("half", "2025-H2"), ("annual", "2025")):
        run("report", kind, "--period", period, "-f", "json")
    assert seen == {"monthly": ("本月", "2025..2025-03", True, "幸福社区"),
                    "quarterly": ("本季度", "2025..2025-Q3", True, "幸福社区"),
                    "half": ("下半年", "2025..2025-H2", True, "幸福社区"),
                    "annual": ("全年", "2025..2025", True, "幸福社区")}
    run("report", "monthly", "--period", "2025-03", "--domain", "党建", "-f", "json")
    assert seen["monthly"][2] is False


# -- the command kit -----------------------------------------------------------------------------------
def test_kit_dates_periods_listing_and_masking(tmp_path):
    from shequ.api import date_option, listing, open_context, period_option

    def register(cli):
        @cli.command(name="kit")
        @date_option("--date", "day")
        @period_option()
        @listing(reveal=True)
        def kit(day, period, out):
            with open_context() as ctx:
                rows = [{"name": ctx.people.name(pid), "phone": ctx.people.get(pid).get("phone"), "day": day.isoformat(),
                         "period": period.label} for pid in sorted(ctx.people.register().ids)]
            out.rows(rows, [("name", "姓名", "name"), ("phone", "电话", "phone"), ("day", "日期"), ("period", "期间")])

    run = runner(tmp_path / "h", plugin("shequ_kit", shequ_register_commands=register), today="2025-06-30")
    run("init")
    run("people", "add", "张三", "--phone", "13812345678")
    rows = json.loads(run("kit", "--date", "2025年3月5日", "-p", "2025上半年", "--json").stdout)
    assert rows == [{"name": "（已隐去）", "phone": "138****5678", "day": "2025-03-05", "period": "2025-H1"}]
    assert json.loads(run("kit", "--json").stdout)[0]["day"] == "2025-06-30"  # today, pinned
    assert "2025" in run("kit", "-f", "md").stdout and "张三" not in run("kit", "-f", "csv").stdout
    out = tmp_path / "kit.csv"
    run("kit", "--reveal", "-o", str(out))
    assert "13812345678" in out.read_text("utf-8-sig") and "张三" in out.read_text("utf-8-sig")
    log = json.loads(run("log", "--json").stdout)
    assert log[0]["action"] == "reveal kit" and sum(1 for e in log if e["action"].startswith("reveal")) == 1
    assert "--date 的值无效" in run("kit", "--date", "2025-13-45", code=2).stderr
    assert "的值无效：无法识别的期间：明年春天" in run("kit", "--period", "明年春天", code=2).stderr


def test_add_group_registers_the_name_and_the_alias_and_refuses_a_taken_alias(tmp_path):
    from shequ.api import add_group

    def first(cli):
        grp = add_group(cli, "zz", help="甲组。", alias="甲")

        @grp.command(name="hi")
        def hi():
            """问好。"""
            click.echo("你好")

    def second(cli):
        add_group(cli, "yy", help="乙组。", alias="甲")

    run = runner(tmp_path / "h", plugin("shequ_zz", shequ_register_commands=first),
                 plugin("shequ_yy", shequ_register_commands=second))
    assert run("甲", "hi").stdout == "你好\n" and run("zz", "hi").stdout == "你好\n"
    assert "别名冲突：“甲”已由插件 shequ_zz 使用，插件 shequ_yy 又把它用作 yy 的别名（已忽略后者）" in run.pm.infos["shequ_yy"].errors


# -- the scaffold ------------------------------------------------------------------------------------
def test_plugins_new_makes_a_plugin_that_passes_its_own_tests(tmp_path):
    run = runner(tmp_path / "h")
    target = tmp_path / "shequ-wenti"
    listed = run("plugins", "new", "wenti", "--title", "文体", "--dir", str(target)).stdout.split()
    assert str(target / "src" / "shequ_wenti" / "__init__.py") in listed
    env = {**os.environ, "PYTHONPATH": str(target / "src")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           str(target / "tests")], capture_output=True, text=True, env=env, timeout=300, cwd=target)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "5 passed" in done.stdout
    assert "目录已存在且不为空" in run("plugins", "new", "wenti", "--title", "文体", "--dir", str(target), code=1).stderr
    assert "插件名应为小写拼音" in run("plugins", "new", "Wen-Ti", "--title", "文体", code=2).stderr


@pytest.mark.slow
def test_a_scaffolded_plugin_installs_alone_and_runs(tmp_path):
    from shequ.testing import install_alone

    target = tmp_path / "shequ-wenti"
    runner(tmp_path / "h")("plugins", "new", "wenti", "--title", "文体", "--dir", str(target))
    run = install_alone(target, tmp_path, env={"SHEQU_TODAY": "2025-03-31"})
    rows = json.loads(run("plugins", "--json").stdout)
    assert [r["name"] for r in rows] == ["wenti"] and not rows[0]["errors"]
    run("init")
    run("文体", "activity", "log", "广场舞比赛", "--topic", "健身", "--count", "60")
    assert "广场舞比赛" in run("wenti", "activity", "list").stdout
    assert "文体工作" in run("report", "monthly", "--period", "2025-03", "-f", "md").stdout


def test_validators_see_the_whole_event_and_the_id_being_edited(tmp_path):
    """An event type's validator can check the event's date; a record's can tell an edit from an add."""
    seen = []

    def validate(record, record_type, ctx):
        if record_type.id == "vv.class":
            seen.append(("event", ctx.event["date"], ctx.event["status"], ctx.record_id))
            if ctx.event["status"] == "done" and ctx.event["date"] > ctx.today.isoformat():
                return ["未来的日期不能登记为已开展"]
        if record_type.id == "vv.station":
            seen.append(("record", record.get("name"), ctx.record_id))
            taken = [rid for rid, r in ctx.records.list("vv.station", name=record["name"]) if rid != ctx.record_id]
            return [f"站名“{record['name']}”已被 #{taken[0]} 使用"] if taken else []
        return []

    types_ = [RecordType("vv.class", "寒假班", kind="event", fields=(Field("grade", "str", label="年级"),)),
              RecordType("vv.station", "辅导站", fields=(Field("name", "str", label="站名", required=True),))]
    run = runner(tmp_path / "h", plugin("shequ_vv", shequ_record_types=lambda: types_, shequ_validate=validate),
                 today="2025-06-30")
    run("init")
    assert "未来的日期不能登记为已开展" in run("calendar", "add", "寒假班", "--date", "2026-01-20", "--type", "vv.class",
                                             "--field", "grade=三", "--done", code=1).stderr
    eid = run("calendar", "add", "寒假班", "--date", "2026-01-20", "--type", "vv.class").stdout.strip()
    run("calendar", "edit", eid, "--field", "grade=四")
    assert ("event", "2026-01-20", "planned", int(eid)) in seen
    first = run("record", "add", "vv.station", "--field", "name=东站").stdout.strip()
    run("record", "edit", first, "--field", "name=东站")  # renaming to itself is not a clash
    assert "已被 #1 使用" in run("record", "add", "vv.station", "--field", "name=东站", code=1).stderr
    assert ("record", "东站", None) in seen and ("record", "东站", int(first)) in seen


def test_log_reveal_records_a_deliberate_showing_once(tmp_path):
    from shequ.api import log_reveal

    def register(cli):
        @cli.command(name="gongshi")
        def gongshi():
            """公示名单（写入修改日志）。"""
            log_reveal("民政 公示 2025-03")
            log_reveal("民政 公示 2025-03")  # once per command
            click.echo("张三")

    run = runner(tmp_path / "h", plugin("shequ_gs", shequ_register_commands=register))
    run("init")
    assert run("gongshi").stdout == "张三\n"
    log = json.loads(run("log", "--json").stdout)
    assert [e["summary"] for e in log if e["action"].startswith("reveal")] == ["查看明文：民政 公示 2025-03"]


def test_a_sensitive_category_is_counted_never_listed_beside_names_without_reveal(tmp_path):
    from shequ import PersonCategory

    def screened(p, on):
        return "两癌" in (p.get("tags") or [])

    cat = PersonCategory("两癌妇女", screened, "两癌筛查阳性（敏感）", sensitive=True,
                         members=lambda reg: [pid for pid, t in zip(reg.ids, reg.column("tags")) if t and "两癌" in t])
    duty = {"id": "zz.followup", "title": "两癌随访", "kind": "per_person", "per": "year", "min": 1, "domain": "zz",
            "population": {"category": "两癌妇女"}, "match": {"type": "core.activity", "title_contains": "随访"},
            "source": "测试"}
    run = runner(tmp_path / "h", plugin("shequ_zz", shequ_person_categories=lambda: [cat], shequ_duties=lambda: [duty]),
                 today="2025-06-30")
    run("init")
    run("people", "add", "李秀兰", "--gender", "女", "--birth", "1975-03-01", "--tag", "两癌")
    listed = json.loads(run("people", "list", "--json").stdout)
    assert "两癌妇女" not in listed[0]["categories"]
    assert "两癌妇女" not in run("people", "show", "李秀兰").stdout
    assert "加 --reveal" in run("people", "list", "-c", "两癌妇女", code=2).stderr
    assert "李秀兰" in run("people", "list", "-c", "两癌妇女", "--reveal").stdout
    assert json.loads(run("log", "--json").stdout)[0]["action"] == "reveal people list"
    counts = {c["name"]: c for c in json.loads(run("people", "categories", "--json").stdout)}
    assert counts["两癌妇女"]["count"] == 1 and counts["两癌妇女"]["sensitive"] is True
    status = next(s for s in json.loads(run("duties", "status", "--period", "2025", "--json").stdout) if s["id"] == "zz.followup")
    assert status["detail"] and "李秀兰" not in json.dumps(status, ensure_ascii=False) and "#1" in status["detail"][0]


def test_a_sensitive_account_hides_its_payees_everywhere_unless_revealed(tmp_path):
    from openpyxl import load_workbook

    chart = lambda: [{"path": "民政:低保金", "kind": "expense", "sensitive": True}]  # noqa: E731
    run = runner(tmp_path / "h", plugin("shequ_mz", shequ_ledger_accounts=chart), today="2025-06-30")
    run("init")
    run("people", "add", "王建国", "--gender", "男", "--birth", "1985-01-01")  # on no name list of the book
    run("people", "add", "赵丽", "--gender", "女", "--birth", "1980-01-01")
    run("ledger", "accounts", "add", "民政:低保金:城市", "--kind", "expense")  # inherits the mark
    run("ledger", "add", "--date", "2025-03-05", "--amount", "600", "--out", "--account", "民政:低保金:城市", "--payee", "王建国")
    run("ledger", "add", "--date", "2025-03-06", "--amount", "80", "--out", "--account", "支出:活动", "--payee", "赵丽")
    run("ledger", "schedule", "add", "--payee", "王建国", "--amount", "600", "--account", "民政:低保金", "--from", "2025-04")
    shown = [
        run("ledger", "list").stdout, run("ledger", "register", "--json").stdout, run("ledger", "show", "1").stdout,
        run("ledger", "schedule", "list", "--json").stdout, run("ledger", "schedule", "due", "--json").stdout,
        run("ledger", "check", "--json", "--strict", code=3).stdout,
    ]
    for text in shown:
        assert "王建国" not in text, text
    assert "赵丽" in shown[0] and "（已隐去）" in shown[0]
    assert json.loads(shown[1])[0]["payee_id"] is None and json.loads(shown[3])[0]["payee"] is None
    run("ledger", "export", str(tmp_path / "gk.xlsx"), "-p", "2025")
    run("report", "ledger-book", "-p", "2025", "-o", str(tmp_path / "book.xlsx"))
    for book in ("gk.xlsx", "book.xlsx"):
        cells = [str(c) for ws in load_workbook(tmp_path / book).worksheets for row in ws.iter_rows(values_only=True) for c in row]
        assert not any("王建国" in c for c in cells) and any("赵丽" in c for c in cells), book
    assert not [e for e in json.loads(run("log", "--json").stdout) if e["action"].startswith("reveal")]
    # --reveal shows them, and says so in the change log
    assert "王建国" in run("ledger", "list", "--reveal").stdout
    assert "王建国" in run("ledger", "schedule", "due", "--reveal").stdout
    run("ledger", "export", str(tmp_path / "all.csv"), "-p", "2025", "--reveal")
    assert "王建国" in (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    reveals = [e["action"] for e in json.loads(run("log", "--json").stdout) if e["action"].startswith("reveal")]
    assert len(reveals) == 3
    # the home's own accounts can be marked too
    run("ledger", "accounts", "add", "支出:救助", "--kind", "expense", "--sensitive")
    run("ledger", "add", "--date", "2025-05-01", "--amount", "300", "--out", "--account", "支出:救助", "--payee", "赵丽")
    assert json.loads(run("ledger", "show", "3", "--json").stdout)["payee"] == "（已隐去）"
