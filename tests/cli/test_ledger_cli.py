"""``shequ ledger``: exact money, earmarked funds, budgets, disbursements, checks, import/export."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def book(run, monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")
    for path, kind in (("收入:上级拨款:普法经费", "income"), ("经费:普法:宣传品", "expense"), ("民政:孤儿生活费", "expense"),
                       ("支出:社区教育", "expense")):
        run("ledger", "accounts", "add", path, "--kind", kind)
    run("ledger", "fund", "add", "普法经费", "--accounts", "经费:普法", "--earmarked")
    return run


def entries(run, *args):
    return json.loads(run("ledger", "list", "--json", *args).stdout)


def test_amount_forms_and_exact_totals(book):
    for amount in ("1234.5", "1,234.50", "¥1234.50", "1234.50元", "0.10", "0.20"):
        book("ledger", "add", "--date", "2025-02-01", "--amount", amount, "--in", "--account", "收入:其他")
    rows = entries(book)
    assert [r["amount"] for r in rows] == ["1234.50"] * 4 + ["0.10", "0.20"]
    bal = {r["account"]: r["total"] for r in json.loads(book("ledger", "balance", "--json").stdout)}
    assert bal["收入:其他"] == "4938.30"  # 0.1 + 0.2 is exactly 0.30 here


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--amount", "12.345", "--out", "--account", "支出:活动"], "最多两位小数"),
        (["--amount", "abc", "--out", "--account", "支出:活动"], "不是有效的金额"),
        (["--amount", "12,5", "--out", "--account", "支出:活动"], "不是有效的金额"),
        (["--amount", "-5", "--in", "--account", "收入:其他"], "收入金额不能为负数"),
        (["--amount", "5", "--out", "--account", "支出:活功"], "未知的科目：支出:活功（是不是：支出:活动"),
        (["--amount", "5", "--out", "--account", "收入:其他"], "这里需要支出类科目"),
        (["--amount", "5", "--out", "--account", "支出:慰问", "--fund", "普法经费"], "普法经费专款专用，只能用于 经费:普法"),
        (["--amount", "5", "--out", "--account", "经费:普法:宣传品", "--fund", "普法经费"], "普法经费余额不足"),
        (["--amount", "5", "--account", "支出:活动"], "--in 或 --out"),
        (["--amount", "5", "--out", "--account", "支出:活动", "--payee", "#99"], "找不到编号为 #99 的人员"),
    ],
)
def test_bad_entries_write_nothing(book, snap, args, needle):
    before = snap(book.home)
    err = book("ledger", "add", "--date", "2025-03-01", *args, code=1).stderr
    assert needle in err and "Traceback" not in err
    assert snap(book.home) == before


def test_duplicate_voucher_and_void(book):
    book("ledger", "add", "--date", "2025-01-02", "--amount", "100", "--in", "--account", "收入:其他", "--voucher", "V1")
    assert "凭证号 V1 已用于 #1" in book("ledger", "add", "--date", "2025-01-03", "--amount", "5", "--out",
                                        "--account", "支出:活动", "--voucher", "V1", code=1).stderr
    book("ledger", "void", "1", "--reason", "重复录入")
    rows = entries(book)
    assert rows[0]["void"] is True and rows[0]["void_reason"] == "重复录入"  # still listed
    assert json.loads(book("ledger", "balance", "--json").stdout) == []  # out of every sum
    assert "已作废" in book("ledger", "edit", "1", "--amount", "5", code=1).stderr


def test_earmarked_fund_balance_and_misuse(book):
    book("ledger", "add", "--date", "2025-01-06", "--amount", "6000", "--in", "--account", "收入:上级拨款:普法经费", "--fund", "普法经费")
    book("ledger", "add", "--date", "2025-03-15", "--amount", "1280.50", "--out", "--account", "经费:普法:宣传品", "--fund", "普法经费")
    (fund,) = json.loads(book("ledger", "fund", "list", "--json").stdout)
    assert fund["balance"] == "4719.50" and fund["earmarked"] is True
    err = book("ledger", "add", "--date", "2025-04-01", "--amount", "100", "--out", "--account", "支出:慰问",
               "--fund", "普法经费", code=1).stderr
    assert "普法经费专款专用，只能用于 经费:普法，不能支出到 支出:慰问" in err


def test_budget_report_and_per_capita_rule(book):
    for i in range(10):
        book("people", "add", f"居民{i}")
    book("people", "add", "外来", "--hukou", "流动")
    book("ledger", "budget", "set", "支出:社区教育", "40", "--year", "2024")
    book("ledger", "budget", "set", "支出:社区教育", "60", "--year", "2025")
    book("ledger", "budget", "set", "支出:活动", "1,000", "--year", "2025")
    book("ledger", "budget", "rule", "支出:社区教育", "--per-capita", "5", "--increase")
    book("ledger", "add", "--date", "2025-05-01", "--amount", "1200", "--out", "--account", "支出:活动")
    report = json.loads(book("ledger", "budget", "report", "--year", "2025", "--json").stdout)
    act = {r["account"]: r for r in report["budgets"]}["支出:活动"]
    assert (act["actual"], act["remaining"], act["rate"], act["over"]) == ("1200.00", "-200.00", "120.0%", True)
    (rule,) = report["rules"]
    assert "10 人 = 50.00 元" in rule["rule"] and rule["met"] is True and rule["increase"] == "是"
    book("ledger", "budget", "set", "支出:社区教育", "45", "--year", "2025")
    (rule,) = json.loads(book("ledger", "budget", "report", "--year", "2025", "--json").stdout)["rules"]
    assert rule["met"] is False
    findings = json.loads(book("ledger", "check", "--json").stdout)
    assert {f["kind"] for f in findings} == {"预算超支", "预算规则未达标"}
    book("ledger", "check", "--strict", code=3)


def test_orphan_allowances_due_paid_idempotent(book, snap):
    book("people", "add", "小雨", "--tag", "孤儿")
    book("ledger", "schedule", "add", "--payee", "小雨", "--amount", "750", "--account", "民政:孤儿生活费", "--from", "2025-10")
    due = json.loads(book("ledger", "schedule", "due", "--json").stdout)
    assert [r["month"] for r in due] == ["2025-10", "2025-11", "2025-12"]
    assert any(f["kind"] == "定期发放未发" for f in json.loads(book("ledger", "check", "--json").stdout))
    book("ledger", "schedule", "pay", "--period", "2025-10..2025-11")
    assert [r["month"] for r in json.loads(book("ledger", "schedule", "due", "--json").stdout)] == ["2025-12"]
    before = snap(book.home)
    assert "没有应发未发" in book("ledger", "schedule", "pay", "--period", "2025-10..2025-11").stderr
    assert snap(book.home) == before
    book("ledger", "schedule", "pay")
    paid = [e for e in entries(book) if e["account"] == "民政:孤儿生活费"]
    assert [e["amount"] for e in paid] == ["750.00"] * 3 and {e["payee"] for e in paid} == {"小雨"}
    assert "找不到人员：无名" in book("ledger", "schedule", "add", "--payee", "无名", "--amount", "750",
                                      "--account", "民政:孤儿生活费", "--from", "2025-01", code=1).stderr


def test_import_sample_dedupes_and_reconciles(book):
    book("ledger", "accounts", "add", "收入:捐赠:一日捐", "--kind", "income")
    book("ledger", "accounts", "add", "经费:普法:讲座", "--kind", "expense")
    book("ledger", "accounts", "add", "支出:活动:科普", "--kind", "expense")
    book("ledger", "import", str(EXAMPLES / "ledger-2025.csv"))
    assert "已导入 0 笔，跳过重复 48 笔" in book("ledger", "import", str(EXAMPLES / "ledger-2025.csv")).stderr
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((EXAMPLES / "ledger-2025.csv").read_bytes().decode("gb18030"))))
    inc = sum(Decimal(r["金额"].replace(",", "")) for r in rows if r["收支"] == "收入")
    out = sum(Decimal(r["金额"].replace(",", "")) for r in rows if r["收支"] == "支出")
    bal = {r["account"]: Decimal(r["total"]) for r in json.loads(book("ledger", "balance", "--depth", "1", "--json").stdout)}
    assert bal["收入"] == inc and bal["支出"] + bal["经费"] == out and bal["资产"] == inc - out


def test_import_bad_rows(book, tmp_path, snap):
    path = tmp_path / "bank.csv"
    path.write_text("交易日期,收入金额,支出金额,会计科目,摘要\n2025-01-02,100.00,,收入:其他,利息\n"
                    '2025-01-03,,"12,5",支出:活动,逗号小数\n2025-02-30,,5,支出:活动,坏日期\n', "utf-8")
    before = snap(book.home)
    err = book("ledger", "import", str(path), code=1).stderr
    assert "第 3 行：不是有效的金额：12,5" in err and "第 4 行：日期不存在" in err
    assert snap(book.home) == before
    book("ledger", "import", str(path), "--skip-invalid")
    assert len(entries(book)) == 1 and (tmp_path / "bank.csv.rejected.csv").exists()
    (tmp_path / "shifted.csv").write_text("日期,金额,科目\n2025-01-01,12,5,收入:其他\n", "utf-8")
    assert "第 2 行有 4 列，多于表头的 3 列" in book("ledger", "import", str(tmp_path / "shifted.csv"), code=1).stderr
    (tmp_path / "x.csv").write_text("日期,金额,奇怪\n2025-01-01,1,?\n", "utf-8")
    assert "无法识别的列：奇怪" in book("ledger", "import", str(tmp_path / "x.csv"), code=1).stderr


def test_public_sheet_xlsx_totals_equal_the_ledger(book, tmp_path):
    from openpyxl import load_workbook

    book("ledger", "add", "--date", "2025-01-06", "--amount", "6000", "--in", "--account", "收入:上级拨款:普法经费", "--fund", "普法经费")
    book("ledger", "add", "--date", "2025-03-15", "--amount", "1280.50", "--out", "--account", "经费:普法:宣传品", "--fund", "普法经费", "--voucher", "007")
    book("ledger", "add", "--date", "2025-04-15", "--amount", "99.99", "--out", "--account", "支出:办公")
    target = tmp_path / "公开.xlsx"
    book("ledger", "export", str(target), "--period", "2025")
    wb = load_workbook(target)
    ws = wb["财务公开"]
    values = {ws.cell(r, 2).value: ws.cell(r, 4).value for r in range(3, ws.max_row + 1)}
    assert values["收入合计"] == 6000 and values["支出合计"] == pytest.approx(1380.49) and values["结余"] == pytest.approx(4619.51)
    reg = wb["收支明细"]
    assert reg.cell(2, 10).value == "凭证号"
    assert reg.cell(4, 10).value == "007" and reg.cell(4, 10).data_type == "s"  # voucher numbers stay text


cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c) / 100)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 364), cents, st.booleans()), min_size=1, max_size=30), st.integers(1, 12))
def test_balances_equal_the_sum_of_entries_for_any_split(tmp_path_factory, amounts, split):
    """Property: per-period balances add up to the whole year, to the cent, whatever the split."""
    from datetime import date, timedelta

    from shequ.duties.rules import subperiods
    from shequ.ledger.queries import balance, totals
    from shequ.periods import parse_period
    from shequ.store import init_home
    from shequ.store import Home

    home = Home(tmp_path_factory.mktemp("h"))
    init_home(home, name="", level="社区")
    with home.transaction("seed") as s:
        for i, (day, amount, is_in) in enumerate(amounts, start=1):
            s.put("ledger", "entries", i, {"date": (date(2025, 1, 1) + timedelta(days=day)).isoformat(),
                                           "amount": str(amount.quantize(Decimal("0.01"))), "direction": "in" if is_in else "out",
                                           "account": "收入:其他" if is_in else "支出:其他", "via": "资产:银行"})
    year = parse_period("2025")
    per = {1: "year", 2: "half", 3: "quarter"}.get(split % 4, "month")
    with home.read() as s:
        whole = totals(s, {}, year)
        parts = [totals(s, {}, p) for p in subperiods(per, year)]
        cols = balance(s, {}, period=year, depth=1, columns=subperiods(per, year))
    expected_net = sum((a if i else -a for _, a, i in amounts), Decimal(0))
    assert whole["net"] == expected_net
    assert sum((p["net"] for p in parts), Decimal(0)) == whole["net"]
    assets = next(r for r in cols if r["account"] == "资产")
    assert sum(assets["values"], Decimal(0)) == assets["total"] == expected_net


def test_plugin_accounts_and_funds(tmp_path, monkeypatch):
    """A domain plugin declares its accounts and an earmarked fund through shequ_ledger_accounts."""
    from click.testing import CliRunner

    from shequ import hookimpl
    from shequ.cli import build_cli
    from shequ.plugin.manager import get_plugin_manager

    class Pufa:
        __name__ = "pufa"

        @hookimpl
        def shequ_ledger_accounts(self):
            return [{"path": "支出:普法:宣传品", "kind": "expense"},
                    {"path": "收入:上级拨款:普法经费", "kind": "income",
                     "fund": {"name": "普法经费", "accounts": ["支出:普法"], "earmarked": True}}]

    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")
    cli = build_cli(get_plugin_manager(entrypoints=False, plugins=(Pufa(),)))
    run = lambda *a: CliRunner().invoke(cli, ["--home", str(tmp_path / "h"), *a])
    assert run("init").exit_code == 0
    accounts = {r["account"]: r for r in json.loads(run("ledger", "accounts", "--json").stdout)}
    assert accounts["支出:普法:宣传品"]["source"] == "pufa" and accounts["支出:普法"]["kind"] == "expense"
    assert run("ledger", "add", "--amount", "500", "--in", "--account", "收入:上级拨款:普法经费", "--fund", "普法经费").exit_code == 0
    bad = run("ledger", "add", "--amount", "50", "--out", "--account", "支出:活动", "--fund", "普法经费")
    assert bad.exit_code == 1 and "专款专用" in bad.stderr
    (fund,) = json.loads(run("ledger", "fund", "list", "--json").stdout)
    assert fund["source"] == "pufa" and fund["balance"] == "500.00"


def test_paying_many_schedules_reads_the_entries_a_constant_number_of_times(book, monkeypatch):
    """Each payment used to re-read every entry (fund balance, vouchers, months paid): 3,000 尊老金
    a month took minutes.  Now the indexes are built once per run and kept up to date."""
    import shequ.ledger.entries as entries_module
    import shequ.ledger.schedules as schedules_module

    book("ledger", "fund", "add", "尊老金", "--accounts", "民政:孤儿生活费", "--earmarked")
    book("ledger", "add", "--amount", "100000", "--in", "--account", "收入:上级拨款", "--fund", "尊老金")
    for i in range(30):
        book("people", "add", f"老人{i}")
        book("ledger", "schedule", "add", "--payee", f"老人{i}", "--amount", "100", "--account", "民政:孤儿生活费",
             "--fund", "尊老金", "--from", "2025-04")
    scans = []

    class Counted(dict):  # the entries, counting every walk over all of them
        def items(self):
            scans.append(1)
            return super().items()

        def values(self):
            scans.append(1)
            return super().values()

    original = entries_module.entries
    monkeypatch.setattr(entries_module, "entries", lambda s: Counted(original(s)))
    monkeypatch.setattr(schedules_module, "entries", lambda s: Counted(original(s)))
    book("ledger", "schedule", "pay", "--period", "2025-04..2025-06")
    assert len(scans) <= 3  # 90 payments: the months paid, the fund balances, (vouchers): once each
    rows = json.loads(book("ledger", "fund", "list", "--json").stdout)
    assert next(r for r in rows if r["name"] == "尊老金")["balance"] == "91000.00"  # 100000 − 30 × 3 × 100


def test_a_schedule_that_never_paid_can_be_cancelled_one_that_paid_cannot(book):
    book("people", "add", "小明")
    book("ledger", "schedule", "add", "--payee", "小明", "--amount", "750", "--account", "民政:孤儿生活费", "--from", "2025-05")
    book("ledger", "schedule", "add", "--payee", "小明", "--amount", "750", "--account", "民政:孤儿生活费", "--from", "2025-07")
    book("ledger", "schedule", "pay", "--period", "2025-05")
    assert "已发放 1 个月（2025-05），不能删除" in book("ledger", "schedule", "cancel", "1", code=1).stderr
    book("ledger", "schedule", "cancel", "2")
    assert [s["id"] for s in json.loads(book("ledger", "schedule", "list", "--json").stdout)] == [1]
    assert "找不到定期发放：9" in book("ledger", "schedule", "cancel", "9", code=1).stderr
