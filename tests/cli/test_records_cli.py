"""``shequ record …`` as a user runs it (CliRunner), including bad input."""

from __future__ import annotations

import csv
import io
import json

import pytest

ID = "11010519491231002X"  # a valid 身份证 (checksum X)


def add(run, *fields: str) -> int:
    args = []
    for f in fields:
        args += ["--field", f]
    return int(run("record", "add", "demo.item", *args).stdout.strip())


def test_add_list_show_edit_remove(run):
    rid = add(run, "title=一号", "n=3", "amount=¥1,234.50", "day=2025年3月5日", "ok=是", "tags=甲、乙", f"id_card={ID}", "phone=13812345678")
    out = run("record", "list", "demo.item", "--json").stdout
    (row,) = json.loads(out)
    assert row["id"] == rid and row["n"] == 3 and row["amount"] == "1234.50"
    assert row["day"] == "2025-03-05" and row["ok"] is True and row["tags"] == ["甲", "乙"]
    assert row["kind"] == "甲"  # default
    assert row["id_card"] == "110105********002X" and row["phone"] == "138****5678"
    shown = json.loads(run("record", "show", str(rid), "--json").stdout)
    assert shown["type"] == "demo.item" and shown["title"] == "一号"
    run("record", "edit", str(rid), "--field", "n=5", "--field", "tags=")
    shown = json.loads(run("record", "show", str(rid), "--json").stdout)
    assert shown["n"] == 5 and shown["tags"] is None
    run("record", "remove", str(rid))
    assert json.loads(run("record", "list", "demo.item", "--json").stdout) == []
    run("undo")
    assert len(json.loads(run("record", "list", "demo.item", "--json").stdout)) == 1


def test_table_output_is_chinese_and_aligned(run):
    add(run, "title=社区党课", "n=12")
    add(run, "title=x", "n=1")
    out = run("record", "list", "demo.item").stdout
    lines = out.splitlines()
    assert lines[0].split() == ["编号", "标题", "数量", "类别"]
    from wcwidth import wcswidth

    assert len({wcswidth(line.rstrip()) for line in lines[2:]}) >= 1
    # The 数量 column starts at the same display column on every row.
    starts = {wcswidth(line[: line.index(n)]) for line, n in zip(lines[2:], ("12", "1"))}
    assert len(starts) == 1


@pytest.mark.parametrize("fmt", ["csv", "md", "jsonl", "json", "table"])
def test_every_format(run, fmt):
    add(run, "title=甲|乙", "n=1")
    out = run("record", "list", "demo.item", "-f", fmt).stdout
    if fmt == "csv":
        assert out.startswith("\ufeff编号,标题,")
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        assert rows[1][1] == "甲|乙"
    elif fmt == "md":
        assert "| 编号 |" in out and "甲\\|乙" in out
    elif fmt == "jsonl":
        assert json.loads(out.splitlines()[0])["title"] == "甲|乙"


def test_output_file_format_from_extension(run, tmp_path):
    add(run, "title=a")
    target = tmp_path / "out.csv"
    run("record", "list", "demo.item", "-o", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    run("record", "list", "demo.item", "-o", str(tmp_path / "out.xyz"), code=2)


def test_where_filters(run):
    for i, day in enumerate(["2025-01-05", "2025-03-01", "2025-06-30"]):
        add(run, f"title=t{i}", f"day={day}", f"amount={i}0.5", f"kind={'甲乙丙'[i]}", "tags=x,y" if i else "tags=z")
    def ids(*where):
        args = []
        for w in where:
            args += ["--where", w]
        return [r["title"] for r in json.loads(run("record", "list", "demo.item", "--json", *args).stdout)]

    assert ids("day>=2025-03-01") == ["t1", "t2"]
    assert ids("day>=2025/3/1", "kind=丙") == ["t2"]
    assert ids("amount>15") == ["t2"]  # decimal, not string, comparison
    assert ids("tags=x") == ["t1", "t2"]
    assert ids("title~1") == ["t1"]
    assert ids("kind!=甲") == ["t1", "t2"]
    run("record", "list", "demo.item", "--where", "nosuch=1", code=2)
    run("record", "list", "demo.item", "--where", "garbage", code=2)


def test_all_problems_reported_at_once_and_nothing_written(run, snap):
    before = snap(run.home)
    r = run(
        "record", "add", "demo.item",
        "--field", "n=abc", "--field", "day=2025-02-30", "--field", "kind=丁",
        "--field", "amount=12,5", "--field", "ok=maybe", "--field", "who=nobody",
        code=1,
    )
    err = r.stderr
    for needle in ("数量", "日期不存在", "不是可选值", "不是有效的数字", "是/否", "找不到人员", "缺少必填字段 标题"):
        assert needle in err, needle
    assert err.strip().splitlines()[-1].startswith("错误：")
    assert "Traceback" not in err
    assert snap(run.home) == before


def test_plugin_validation_runs(run):
    r = run("record", "add", "demo.item", "--field", "title=坏", code=1)
    assert "标题不能是“坏”" in r.stderr


def test_unknown_type_and_bad_usage(run):
    r = run("record", "add", "nope.type", code=2)
    assert "未知的记录类型" in r.stderr and "demo.item" in r.stderr
    assert "格式应为" in run("record", "add", "demo.item", "--field", "oops", code=2).stderr
    assert "找不到" in run("record", "show", "999", code=1).stderr
    assert "应为数字" in run("record", "show", "abc", code=2).stderr


def test_person_reference_by_id_or_unique_name(run):
    from shequ.store import Home

    with Home(run.home).transaction("seed people") as s:
        s.data("people")["people"] = {"1": {"name": "张三"}, "2": {"name": "李四"}, "3": {"name": "李四"}}
    rid = add(run, "title=a", "who=张三")
    assert json.loads(run("record", "show", str(rid), "--json").stdout)["who"] == 1
    assert "张三 (#1)" in run("record", "show", str(rid)).stdout
    err = run("record", "add", "demo.item", "--field", "title=b", "--field", "who=李四", code=1).stderr
    assert "#2" in err and "#3" in err
    add(run, "title=c", "who=3")


def test_reveal_shows_plain_data_and_is_logged(run):
    add(run, "title=a", f"id_card={ID}", "phone=13812345678")
    out = run("record", "list", "demo.item", "--reveal", "--json").stdout
    assert json.loads(out)[0]["id_card"] == ID
    log = json.loads(run("log", "--json").stdout)
    assert log[0]["action"].startswith("reveal") and log[0]["user"] == "测试员"
    # A plain list is not logged.
    run("record", "list", "demo.item")
    assert len(json.loads(run("log", "--json").stdout)) == len(log)


def test_log_since_and_json(run):
    add(run, "title=a")
    rows = json.loads(run("log", "--json").stdout)
    assert rows[0]["action"] == "record add demo.item" and rows[0]["summary"] == "新增 1"
    assert json.loads(run("log", "--since", "2999-01-01", "--json").stdout) == []
    assert run("log", "--since", "上周", code=2)


def test_the_log_masks_personal_data_like_every_other_output(run):
    run("people", "add", "张三", "--id-card", ID, "--phone", "13812345678")
    add(run, "title=卡号 6222021234567890123 联系 13900001111", f"id_card={ID}", "phone=13812345678", "who=1")
    run("people", "edit", "张三", "--phone", "13987654321")
    for args in (("log", "--changes", "--json"), ("log", "--json"), ("log",), ("log", "--changes", "-f", "jsonl")):
        shown = run(*args).stdout
        for secret in (ID, "13812345678", "13987654321", "6222021234567890123", "13900001111"):
            assert secret not in shown, (args, secret)
    changes = [c for e in json.loads(run("log", "--changes", "--json").stdout) for c in e["changes"]]
    person = next(c["after"] for c in changes if c["table"] == "people" and c["before"] is None)
    assert person["id_card"] == "110105********002X" and person["phone"] == "138****5678" and person["name"] == "张三"
    item = next(c["after"] for c in changes if c["table"] == "demo.item")
    assert item["title"] == "卡号 622202*********0123 联系 139****1111"  # what only looks like personal data, too
    assert not [e for e in json.loads(run("log", "--json").stdout) if e["action"].startswith("reveal")]
    clear = run("log", "--changes", "--json", "--reveal").stdout
    assert ID in clear and "6222021234567890123" in clear
    assert json.loads(run("log", "--json").stdout)[0]["action"] == "reveal log"


def test_the_log_reads_only_the_entries_it_shows(tmp_path, monkeypatch):
    """``shequ log --limit 5`` on years of history reads its tail, not the whole file."""
    import builtins

    from shequ.store import log as store_log

    path = tmp_path / "changes.jsonl"
    line = json.dumps({"tx": "x", "time": "2025-01-01T00:00:00+08:00", "user": "u", "action": "a" * 900, "changes": []})
    path.write_text((line + "\n") * 20_000)  # ~18 MB
    read = []

    class Counting(io.FileIO):
        def read(self, n=-1):
            data = super().read(n)
            read.append(len(data))
            return data

    monkeypatch.setattr(store_log, "open", lambda p, mode: Counting(p, "r"), raising=False)
    assert len(store_log.tail_entries(path, limit=5)) == 5
    assert sum(read) <= 1 << 16
    assert store_log.tail_entries(path, since="2025-01-02") == []
    assert sum(read) <= 2 << 16
    read.clear()
    assert len(store_log.tail_entries(path)) == 20_000 and sum(read) == path.stat().st_size
    monkeypatch.setattr(builtins, "open", builtins.open)


# -- import / export -------------------------------------------------------------
def write_csv(path, rows, encoding="utf-8"):
    text = "\n".join(",".join(r) for r in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_is_all_or_nothing_and_reports_every_bad_row(run, tmp_path, snap):
    rows = [["标题", "数量", "日期"]] + [[f"第{i}条", str(i), "2025-03-01"] for i in range(1, 101)]
    rows[57][1] = "五十七"  # data row 57 is file row 58
    rows[90][2] = "2025-02-30"
    path = write_csv(tmp_path / "items.csv", rows)
    before = snap(run.home)
    err = run("record", "import", "demo.item", str(path), code=1).stderr
    assert "第 58 行" in err and "第 91 行" in err and "未写入任何数据" in err
    assert snap(run.home) == before
    # --skip-invalid imports the 98 good rows and writes the 2 bad ones with a reason.
    run("record", "import", "demo.item", str(path), "--skip-invalid")
    assert len(json.loads(run("record", "list", "demo.item", "--json").stdout)) == 98
    rejected = (tmp_path / "items.csv.rejected.csv").read_text("utf-8-sig").splitlines()
    assert rejected[0].endswith("原因") and len(rejected) == 3
    assert rejected[1].startswith("58,第57条")
    assert len(json.loads(run("log", "--json").stdout)[0]) and json.loads(run("log", "--json").stdout)[0]["count"] >= 98


def test_import_gbk_csv_and_utf8_bom(run, tmp_path):
    write_csv(tmp_path / "gbk.csv", [["标题", "类别"], ["中文标题", "乙"]], encoding="gbk")
    write_csv(tmp_path / "bom.csv", [["title", "kind"], ["带BOM", "丙"]], encoding="utf-8-sig")
    run("record", "import", "demo.item", str(tmp_path / "gbk.csv"))
    run("record", "import", "demo.item", str(tmp_path / "bom.csv"))
    titles = [r["title"] for r in json.loads(run("record", "list", "demo.item", "--json").stdout)]
    assert titles == ["中文标题", "带BOM"]


@pytest.mark.parametrize(
    "content,needle",
    [
        ("标题\n".encode("utf-16"), "UTF-16"),
        (b"", "空"),
        (b"\n\n", "空"),
        ("标题,未知列\na,b\n".encode(), "未知的列：未知列"),
    ],
)
def test_bad_import_files(run, tmp_path, content, needle, snap):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = snap(run.home)
    assert needle in run("record", "import", "demo.item", str(path), code=1).stderr
    assert snap(run.home) == before


def test_dry_run_writes_nothing(run, tmp_path, snap):
    path = write_csv(tmp_path / "ok.csv", [["标题", "数量"], ["a", "1"], ["b", "2"], ["c", "x"]])
    before = snap(run.home)
    err = run("record", "import", "demo.item", str(path), "--dry-run").stderr
    assert "2 行可导入，1 行有误" in err and "第 4 行：数量：应为整数" in err
    assert snap(run.home) == before


@pytest.mark.parametrize("ext", ["csv", "json", "jsonl", "xlsx"])
def test_export_then_import_round_trips(run, tmp_path, ext):
    add(run, "title=一", "n=1", "day=2025-01-02", "tags=a,b", f"id_card={ID}")
    add(run, "title=二", "amount=3.50", "ok=否")
    target = tmp_path / f"out.{ext}"
    run("record", "export", "demo.item", str(target), "--reveal")
    exported = sorted(json.loads(run("record", "list", "demo.item", "--json", "--reveal").stdout), key=lambda r: r["title"])
    run("record", "remove", "1", "2")
    run("record", "import", "demo.item", str(target))
    again = sorted(json.loads(run("record", "list", "demo.item", "--json", "--reveal").stdout), key=lambda r: r["title"])
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "created", "updated")} for r in rows]
    assert strip(again) == strip(exported)


def test_masked_export_cannot_be_reimported_as_data(run, tmp_path):
    add(run, "title=一", f"id_card={ID}")
    target = tmp_path / "masked.csv"
    run("record", "export", "demo.item", str(target))
    assert "********" in target.read_text("utf-8-sig")
    assert "脱敏" in run("record", "import", "demo.item", str(target), code=1).stderr


def test_xlsx_export_keeps_ids_as_text(run, tmp_path):
    from openpyxl import load_workbook

    add(run, "title=一", f"id_card={ID}", "phone=13812345678")
    target = tmp_path / "out.xlsx"
    run("record", "export", "demo.item", str(target), "--reveal")
    ws = load_workbook(target).active
    assert ws.cell(1, 1).value == "示例"
    headers = [c.value for c in ws[2]]
    assert headers[:3] == ["序号", "编号", "标题"]
    idcell = ws.cell(3, headers.index("身份证号") + 1)
    assert idcell.value == ID and idcell.data_type == "s"


def test_types_listing(run):
    rows = {r["id"]: r for r in json.loads(run("record", "types", "--json").stdout)}
    assert rows["demo.item"]["plugin"] == "demo" and rows["demo.item"]["kind"] == "record"
    assert {f["name"] for f in rows["demo.item"]["fields"]} >= {"title", "who"}
    assert rows["core.activity"]["kind"] == "event"  # the calendar's own type, listed for reference
    assert "活动类型" in run("record", "list", "core.activity", code=2).stderr
