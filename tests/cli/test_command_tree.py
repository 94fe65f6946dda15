"""Every command of the core and the shipped plugins keeps the output contract on a sample home:
an answer (a list, a figure, a status) goes to stdout and is offered as ``--json``; a change says
so on stderr and prints only what it created (ids, files) on stdout.

The walk fails for a command nobody listed here, so a new command cannot skip the audit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shequ.cli import build_cli
from shequ.plugin.manager import get_plugin_manager
from shequ.testing import Case, check_outputs, command_paths, runner

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
J = str(EXAMPLES)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def plugins():
    import shequ_dangjian
    import shequ_hello
    import shequ_pufa

    return (shequ_dangjian, shequ_pufa, shequ_hello)


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory, load_sample_year):
    """The sample community's year, as examples/demo.sh loads it (a smaller ledger)."""
    home = tmp_path_factory.mktemp("tree") / "home"
    run = runner(home, *plugins(), today="2025-12-31")
    load_sample_year(run)
    run("record", "add", "hello.greeting", "--field", "text=重阳节快乐", "--field", "date=2025-10-29")
    run("ledger", "accounts", "add", "民政:孤儿生活费", "--kind", "expense")
    run("ledger", "fund", "add", "专项", "--accounts", "支出:活动", "--earmarked")
    run("ledger", "add", "--date", "2025-03-01", "--amount", "500", "--in", "--account", "收入:上级拨款", "--fund", "专项")
    run("ledger", "add", "--date", "2025-03-05", "--amount", "120", "--out", "--account", "支出:活动", "--fund", "专项")
    run("ledger", "budget", "set", "支出:活动", "1000", "--year", "2025")
    run("ledger", "schedule", "add", "--payee", "曾国藩", "--amount", "750", "--account", "民政:孤儿生活费", "--from", "2025-10")
    run("dangjian", "dues", "standard", "曾国藩", "--kind", "离退休", "--income", "3685")
    run("checklist", "start", "pufa.minzhu_fazhi", "--period", "2025")
    return home


TEMPLATE = ("checklist", "start", "dangjian.wuhao", "--period", "2025")
PLANNED = ("calendar", "add", "待定活动", "--date", "2026-01-06")

CASES = {
    # -- home, plugins, log -------------------------------------------------------------------------
    "init": Case("init", "--name", "幸福社区", kind="act"),
    "plugins": Case("plugins"),
    "plugins new": Case("plugins", "new", "kepu", "--title", "科普", "--dir", "{out}", kind="file", ext=""),
    # Refused before pip runs (tests/subprocess/test_install.py installs for real, in a venv of its own).
    "install": Case("install", "./no-such-plugin.whl", kind="act", code=1),
    "uninstall": Case("uninstall", "click", kind="act", code=1),
    "log": Case("log", "--limit", "3"),
    "undo": Case("undo", kind="act"),
    "config list": Case("config", "list"),
    "config set": Case("config", "set", "people.fertile_age", "20-49", kind="act"),
    "config reset": Case("config", "reset", "people.fertile_age", kind="act"),
    # -- people --------------------------------------------------------------------------------------
    "people add": Case("people", "add", "新居民", "--phone", "13900001111", kind="act"),
    "people edit": Case("people", "edit", "曾国藩", "--note", "更新", kind="act"),
    "people remove": Case("people", "remove", "曾国藩", kind="act"),
    "people restore": Case("people", "restore", "曾国藩", kind="act", setup=(("people", "remove", "曾国藩"),)),
    "people purge": Case("people", "purge", "曾国藩", "--yes", kind="act", setup=(("people", "remove", "曾国藩"),)),
    "people list": Case("people", "list", "-c", "90岁以上"),
    "people show": Case("people", "show", "曾国藩"),
    "people household": Case("people", "household", "曾国藩"),
    "people categories": Case("people", "categories"),
    "people import": Case("people", "import", f"{J}/roster.csv", "--on-duplicate", "skip", kind="act"),
    "people export": Case("people", "export", "{out}", "-c", "90岁以上", kind="file", ext=".xlsx"),
    # -- calendar ------------------------------------------------------------------------------------
    "calendar add": Case(*PLANNED, kind="act"),
    "calendar edit": Case("calendar", "edit", "待定活动", "--place", "活动室", kind="act", setup=(PLANNED,)),
    "calendar cancel": Case("calendar", "cancel", "待定活动", "--reason", "下雨", kind="act", setup=(PLANNED,)),
    "calendar done": Case("calendar", "done", "待定活动", "--count", "20", kind="act", setup=(PLANNED,)),
    "calendar list": Case("calendar", "list", "--period", "2025-10"),
    "calendar show": Case("calendar", "show", "1"),
    "calendar agenda": Case("calendar", "agenda", "--period", "2025-10"),
    "calendar month": Case("calendar", "month", "2025-10"),
    "calendar upcoming": Case("calendar", "upcoming", "--days", "10"),
    "calendar workday": Case("calendar", "workday", "2025-10-01"),
    "calendar festivals": Case("calendar", "festivals", "--year", "2025"),
    "calendar evidence": Case("calendar", "evidence", "-p", "2025"),
    "calendar import": Case("calendar", "import", f"{J}/pufa/activities-2025.csv", kind="act"),
    "calendar export": Case("calendar", "export", "{out}", "--period", "2025", kind="file", ext=".ics"),
    # -- duties --------------------------------------------------------------------------------------
    "duties list": Case("duties", "list"),
    "duties show": Case("duties", "show", "dangjian.dangke"),
    "duties status": Case("duties", "status", "--period", "2025"),
    "duties plan": Case("duties", "plan", "--period", "2026", "--duty", "dangjian.dangke", "--dry-run"),
    "duties add": Case("duties", "add", f"{J}/duties.json", "--skip-existing", kind="act"),
    "duties set": Case("duties", "set", "dangjian.party_day", "rrule=FREQ=MONTHLY;BYDAY=1TU", kind="act"),
    "duties disable": Case("duties", "disable", "dangjian.party_day", kind="act"),
    "duties enable": Case("duties", "enable", "dangjian.party_day", kind="act",
                          setup=(("duties", "disable", "dangjian.party_day"),)),
    "duties remove": Case("duties", "remove", "dangjian.party_day", kind="act",
                          setup=(("duties", "set", "dangjian.party_day", "min=1"),)),
    # -- checklists ----------------------------------------------------------------------------------
    "checklist template list": Case("checklist", "template", "list"),
    "checklist template show": Case("checklist", "template", "show", "dangjian.wuhao"),
    "checklist template add": Case("checklist", "template", "add", f"{J}/templates/wuxing_dangzhibu.yaml", kind="act"),
    "checklist start": Case(*TEMPLATE, kind="act"),
    "checklist list": Case("checklist", "list", "--period", "2025"),
    "checklist show": Case("checklist", "show", "1"),
    "checklist status": Case("checklist", "status", "--period", "2025"),
    "checklist tick": Case("checklist", "tick", "1", "m1", "--evidence", "选举材料", kind="act"),
    "checklist untick": Case("checklist", "untick", "1", "m1", kind="act", setup=(("checklist", "tick", "1", "m1", "--evidence", "x"),)),
    "checklist na": Case("checklist", "na", "1", "m2", "--reason", "不适用", kind="act"),
    "checklist inspect": Case("checklist", "inspect", "1", "--date", "2025-06-30", "--inspector", "街道", "--result", "合格",
                              kind="act"),
    "checklist export": Case("checklist", "export", "1", "{out}", kind="file", ext=".xlsx"),
    # -- ledger --------------------------------------------------------------------------------------
    "ledger add": Case("ledger", "add", "--amount", "10", "--out", "--account", "支出:办公", kind="act"),
    "ledger edit": Case("ledger", "edit", "1", "--memo", "拨款", kind="act"),
    "ledger void": Case("ledger", "void", "2", "--reason", "重复", kind="act"),
    "ledger list": Case("ledger", "list", "--period", "2025"),
    "ledger register": Case("ledger", "register", "--period", "2025"),
    "ledger show": Case("ledger", "show", "1"),
    "ledger balance": Case("ledger", "balance", "--period", "2025"),
    "ledger accounts": Case("ledger", "accounts"),
    "ledger accounts add": Case("ledger", "accounts", "add", "支出:科普", "--kind", "expense", kind="act"),
    "ledger fund add": Case("ledger", "fund", "add", "科普经费", "--accounts", "支出:活动", kind="act"),
    "ledger fund list": Case("ledger", "fund", "list"),
    "ledger budget set": Case("ledger", "budget", "set", "支出:办公", "300", "--year", "2025", kind="act"),
    "ledger budget rule": Case("ledger", "budget", "rule", "支出:活动", "--per-capita", "5", kind="act"),
    "ledger budget report": Case("ledger", "budget", "report", "--year", "2025"),
    "ledger schedule add": Case("ledger", "schedule", "add", "--payee", "余厚", "--amount", "100", "--account",
                                "民政:孤儿生活费", "--from", "2025-11", kind="act"),
    "ledger schedule edit": Case("ledger", "schedule", "edit", "1", "--to", "2025-11", kind="act"),
    "ledger schedule cancel": Case("ledger", "schedule", "cancel", "2", kind="act",
                                   setup=(("ledger", "schedule", "add", "--payee", "余厚", "--amount", "100", "--account",
                                           "民政:孤儿生活费", "--from", "2026-01"),)),
    "ledger schedule list": Case("ledger", "schedule", "list"),
    "ledger schedule due": Case("ledger", "schedule", "due", "--period", "2025"),
    "ledger schedule pay": Case("ledger", "schedule", "pay", "--period", "2025", kind="act"),
    "ledger check": Case("ledger", "check", "--period", "2025"),
    "ledger import": Case("ledger", "import", str(FIXTURES / "ledger-small.csv"), kind="act"),
    "ledger export": Case("ledger", "export", "{out}", "--period", "2025", kind="file", ext=".xlsx"),
    # -- records ---------------------------------------------------------------------------------------
    "record types": Case("record", "types"),
    "record add": Case("record", "add", "hello.greeting", "--field", "text=你好", "--field", "date=2025-12-01", kind="act"),
    "record edit": Case("record", "edit", "1", "--field", "note=老党员", kind="act"),
    "record remove": Case("record", "remove", "1", kind="act"),
    "record list": Case("record", "list", "pufa.dispute"),
    "record show": Case("record", "show", "1"),
    "record import": Case("record", "import", "hello.greeting", f"{J}/greetings.csv", kind="act"),
    "record export": Case("record", "export", "pufa.dispute", "{out}", kind="file"),
    # -- reports -------------------------------------------------------------------------------------
    "report monthly": Case("report", "monthly", "--period", "2025-03"),
    "report quarterly": Case("report", "quarterly", "--period", "2025-Q1"),
    "report half": Case("report", "half", "--period", "2025-H1"),
    "report annual": Case("report", "annual", "--period", "2025"),
    "report plan": Case("report", "plan", "--period", "2026"),
    "report ledger-book": Case("report", "ledger-book", "--period", "2025-03", "-o", "{out}", kind="file", ext=".xlsx"),
    "report note set": Case("report", "note", "set", "half", "2025-H1", "存在不足", f"{J}/notes/2025-H1-存在不足.txt", kind="act"),
    "report note list": Case("report", "note", "list"),
    # -- the 街道 roll-up ------------------------------------------------------------------------------
    "bundle export": Case("bundle", "export", "--period", "2025-03", "-o", "{out}", kind="file", ext=".bundle.json"),
    "rollup status": Case("rollup", "status", "--period", "2025-03", "{tmp}", code=3,  # the sample is behind on duties
                          setup=(("bundle", "export", "--period", "2025-03", "-o", "{tmp}/a.bundle.json"),)),
    "rollup report": Case("rollup", "report", "monthly", "--period", "2025-03", "{tmp}",
                          setup=(("bundle", "export", "--period", "2025-03", "-o", "{tmp}/a.bundle.json"),)),
    # -- the teaching plugin -------------------------------------------------------------------------
    "hello": Case("hello", "--period", "2025"),
    # -- 党建 ------------------------------------------------------------------------------------------
    "dangjian member add": Case("dangjian", "member", "add", "新居民", kind="act", setup=(("people", "add", "新居民"),)),
    "dangjian member list": Case("dangjian", "member", "list"),
    "dangjian member show": Case("dangjian", "member", "show", "曾国藩"),
    "dangjian member promote": Case("dangjian", "member", "promote", "新居民", "--to", "入党积极分子", kind="act",
                                    setup=(("people", "add", "新居民"), ("dangjian", "member", "add", "新居民", "--status", "入党申请人"))),
    "dangjian member extend-probation": Case("dangjian", "member", "extend-probation", "新居民", "--until", "2026-09-01", kind="act",
                                             setup=(("people", "add", "新居民"),
                                                    ("dangjian", "member", "add", "新居民", "--status", "预备党员", "--date", "2025-06-01"))),
    "dangjian member exit": Case("dangjian", "member", "exit", "曾国藩", "--kind", "退党", kind="act"),
    "dangjian member excuse": Case("dangjian", "member", "excuse", "曾国藩", "--reason", "住院", kind="act"),
    "dangjian meeting log": Case("dangjian", "meeting", "log", "--kind", "党课", "--attendee", "曾国藩", kind="act"),
    "dangjian attendance": Case("dangjian", "attendance", "曾国藩", "--period", "2025"),
    "dangjian dues standard": Case("dangjian", "dues", "standard", "曾国藩", "--kind", "离退休", "--income", "4000"),
    "dangjian dues collect": Case("dangjian", "dues", "collect", "--month", "2025-12", kind="act"),
    "dangjian dues status": Case("dangjian", "dues", "status", "--period", "2025-12"),
    "dangjian training score": Case("dangjian", "training", "score", "党员集中培训", "曾国藩", "90", kind="act",
                                    setup=(("calendar", "add", "党员集中培训", "--date", "2025-11-01", "--type",
                                            "dangjian.training", "--field", "days=2", "--done"),)),
    "dangjian training status": Case("dangjian", "training", "status", "--year", "2025"),
    "dangjian volunteer points": Case("dangjian", "volunteer", "points", "--year", "2025"),
    "dangjian volunteer stars": Case("dangjian", "volunteer", "stars", "--year", "2025"),
    "dangjian alerts": Case("dangjian", "alerts"),
    # -- 普法 ------------------------------------------------------------------------------------------
    "pufa theme list": Case("pufa", "theme", "list"),
    "pufa theme set": Case("pufa", "theme", "set", "1", "《中华人民共和国民法典》", kind="act"),
    "pufa theme status": Case("pufa", "theme", "status", "--year", "2025"),
    "pufa activity log": Case("pufa", "activity", "log", "宪法宣传", "--form", "讲座", "--on-theme", kind="act"),
    "pufa dispute add": Case("pufa", "dispute", "add", "--kind", "邻里", "--party", "甲", kind="act"),
    "pufa dispute update": Case("pufa", "dispute", "update", "{last}", "--mediator", "老张", kind="act",
                                setup=(("pufa", "dispute", "add", "--kind", "邻里"),)),
    "pufa dispute close": Case("pufa", "dispute", "close", "{last}", "--outcome", "调解成功", kind="act",
                               setup=(("pufa", "dispute", "add", "--kind", "邻里"),)),
    "pufa dispute screen": Case("pufa", "dispute", "screen", "--found", "0", kind="act"),
    "pufa dispute list": Case("pufa", "dispute", "list"),
    "pufa bangjiao add": Case("pufa", "bangjiao", "add", "曾国藩", "--category", "社区矫正", "--start", "2025-01-01", kind="act"),
    "pufa bangjiao contact": Case("pufa", "bangjiao", "contact", "曾国藩", kind="act",
                                  setup=(("pufa", "bangjiao", "add", "曾国藩", "--category", "社区矫正", "--start", "2025-01-01"),)),
    "pufa bangjiao list": Case("pufa", "bangjiao", "list"),
    "pufa materials": Case("pufa", "materials", "--period", "2025"),
}


def test_every_command_is_listed_here():
    pm = get_plugin_manager(entrypoints=False, plugins=plugins())
    walked = set(command_paths(build_cli(pm)))
    assert walked - set(CASES) == set(), "新命令需要在这里登记，并遵守输出约定"
    assert set(CASES) - walked == set()


def test_answers_on_stdout_with_json_and_messages_on_stderr(sample_home):
    assert check_outputs(sample_home, plugins(), CASES) == []
