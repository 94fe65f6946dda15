"""``shequ people …`` as a user runs it: the sample roster, search, categories, households, privacy, bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from shequ.testing import log_matches_data

ROSTER = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"
ZENG = "11010519491231002X"  # valid, female, 1949-12-31


def roster_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ROSTER.read_bytes().decode("gb18030"))))


def people(run, *args):
    return json.loads(run("people", "list", "--json", *args).stdout)


@pytest.fixture
def loaded(run, monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")  # the roster has babies born in 2025
    run("people", "import", str(ROSTER))
    return run


def test_sample_roster_imports_and_counts_match_an_independent_computation(loaded):
    rows = roster_rows()
    assert len(people(loaded)) == len(rows) == 300
    on = date(2025, 10, 29)

    def age(born: str) -> int:
        b = date.fromisoformat(born)
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))

    expected_90 = sorted(r["姓名"] for r in rows if age(r["出生日期"]) >= 90)
    got_90 = sorted(p["name"] for p in people(loaded, "--category", "90岁以上", "--on", "2025-10-29"))
    assert got_90 == expected_90 and "曾国藩" in got_90
    # A day earlier, someone born on 1935-10-29 would not count yet; check the boundary moves.
    expected_fertile = sum(1 for r in rows if r["性别"] == "女" and 15 <= age(r["出生日期"]) <= 49)
    cats = {c["name"]: c["count"] for c in json.loads(loaded("people", "categories", "--on", "2025-10-29", "--json").stdout)}
    assert cats["育龄妇女"] == expected_fertile
    assert cats["户籍人口"] + cats["流动人口"] == 300
    assert cats["流动人口"] == sum(1 for r in rows if r["户籍"] == "流动")


def test_find_zeng_by_pinyin_and_initials(loaded):
    names = [p["name"] for p in people(loaded, "--search", "zeng")]
    assert "曾国藩" in names and all(n.startswith("曾") for n in names)
    assert [p["name"] for p in people(loaded, "--search", "zengguofan")] == ["曾国藩"]
    assert "曾国藩" in [p["name"] for p in people(loaded, "--search", "zgf")]
    assert [p["name"] for p in people(loaded, "--search", "欧阳秀")] == ["欧阳秀英"]


def test_default_sort_is_pinyin(loaded):
    names = [p["name"] for p in people(loaded)]
    from shequ.people.pinyin import name_keys

    keys = [name_keys(n)[0] for n in names]
    assert keys == sorted(keys)


def test_masked_by_default_and_reveal_is_logged(loaded):
    first = people(loaded)[0]
    assert "*" in first["id_card"] and "****" in first["phone"]
    plain = people(loaded, "--reveal")[0]
    assert "*" not in plain["id_card"]
    log = json.loads(loaded("log", "--json").stdout)[0]
    assert log["action"] == "reveal people list" and log["user"] == "测试员"


def test_export_masked_xlsx(loaded, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "90.xlsx"
    loaded("people", "export", str(target), "--category", "90+", "--on", "2025-10-29")
    ws = load_workbook(target).active
    assert "居民花名册" in ws.cell(1, 1).value and "90+" in ws.cell(1, 1).value
    headers = [c.value for c in ws[2]]
    assert headers[:4] == ["序号", "姓名", "性别", "出生日期"]
    idx = headers.index("身份证号") + 1
    cells = [ws.cell(r, idx) for r in range(3, ws.max_row + 1)]
    assert cells and all(c.data_type == "s" and "********" in c.value for c in cells)
    assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == list(range(1, len(cells) + 1))


@pytest.mark.parametrize("reveal", [(), ("--reveal",)])
def test_a_big_export_makes_its_rows_as_it_writes_them_with_the_same_bytes(loaded, tmp_path, monkeypatch, reveal):
    """From LAZY_ROWS rows on (a 街道's 200k), rows are made when written, not held: the same workbook."""
    from shequ.common import exporting
    from shequ.people import cli as people_cli

    loaded("people", "export", str(tmp_path / "held.xlsx"), *reveal)
    made = []
    real = exporting.LazyRows.__init__
    monkeypatch.setattr(exporting.LazyRows, "__init__", lambda self, n, make: (made.append(n), real(self, n, make))[1])
    monkeypatch.setattr(people_cli, "LAZY_ROWS", 1)
    loaded("people", "export", str(tmp_path / "made.xlsx"), *reveal)
    assert made and made[0] > 1
    assert (tmp_path / "made.xlsx").read_bytes() == (tmp_path / "held.xlsx").read_bytes()


@pytest.mark.parametrize("filters", [(), ("--category", "老年人"), ("--tag", "党员", "--reveal"), ("--search", "li"),
                                     ("--grid", "第三网格", "--category", "育龄妇女")])
def test_made_rows_are_the_held_rows_with_filters_ties_and_removed_residents(loaded, tmp_path, monkeypatch, filters):
    """The made rows (categories per row, three stable sorts, the category sets let go) are the
    held rows, in the same order: namesakes by id, removed residents left out, any filter."""
    from shequ.people import cli as people_cli

    for name, birth in (("李明", "1950-01-01"), ("李明", "1940-05-05"), ("李名", "1960-02-02")):
        loaded("people", "add", name, "--birth", birth, "--gender", "女", "--tag", "党员", "--grid", "一网格")
    loaded("people", "remove", "欧阳秀英")
    for fmt in ("json", "xlsx"):
        loaded("people", "export", str(tmp_path / f"held.{fmt}"), *filters)
        monkeypatch.setattr(people_cli, "LAZY_ROWS", 1)
        loaded("people", "export", str(tmp_path / f"made.{fmt}"), *filters)
        monkeypatch.setattr(people_cli, "LAZY_ROWS", 50_000)
        assert (tmp_path / f"made.{fmt}").read_bytes() == (tmp_path / f"held.{fmt}").read_bytes()
    rows = json.loads((tmp_path / "made.json").read_text(encoding="utf-8"))
    assert rows and "欧阳秀英" not in [r["name"] for r in rows]


def test_a_big_export_writes_without_the_category_sets_or_the_pinyin(loaded, tmp_path, monkeypatch):
    """What only planned the rows (each category's members, the pinyin to sort by) is let go
    before they are written: ~40 MB of a 200k export's peak."""
    from shequ.people import cli as people_cli

    kept, bands = [], []
    real = people_cli._register_rows

    def spy(reg, positions, **kw):
        rows = real(reg, positions, **kw)
        kept.append((reg._stored is not None, dict(reg._members), "name_py" in reg._columns, "name_py" in reg._stored._parsed))
        bands.append((dict(reg._bands), reg._texts))  # the age bands and the birth dates they came from
        return rows

    monkeypatch.setattr(people_cli, "_register_rows", spy)
    monkeypatch.setattr(people_cli, "LAZY_ROWS", 1)
    loaded("people", "export", str(tmp_path / "all.xlsx"))
    assert kept == [(True, {}, False, False)]
    assert bands == [({}, None)]


def test_a_reveal_listing_reads_the_register_from_its_columns(loaded, tmp_path, monkeypatch):
    """--reveal reads in a transaction (for its change-log entry): the register still comes from
    the store's columns, not from every resident's document (a 200k export took 596 MiB)."""
    from shequ.people import register as people_register

    listed = people(loaded, "--reveal")
    monkeypatch.setattr(people_register, "all_people", lambda *a, **k: pytest.fail("every document parsed"))
    assert people(loaded, "--reveal") == listed
    loaded("people", "export", str(tmp_path / "all.xlsx"), "--reveal")
    log = json.loads(loaded("log", "--json").stdout)[0]
    assert log["action"] == "reveal people export " + str(tmp_path / "all.xlsx")




def test_household_and_empty_nest(run):
    run("people", "add", "老张", "--birth", "1940-01-01", "--gender", "男", "--household", "H1", "--relation", "户主")
    run("people", "add", "老张妻", "--birth", "1942-01-01", "--gender", "女", "--household", "H1", "--relation", "配偶")
    run("people", "add", "老李", "--birth", "1941-01-01", "--gender", "男", "--household", "H2", "--relation", "户主")
    run("people", "add", "小李", "--birth", "1970-01-01", "--gender", "男", "--household", "H2", "--relation", "子女")
    run("people", "add", "老王", "--birth", "1939-01-01", "--gender", "女", "--household", "H3", "--relation", "户主", "--children-in-city")
    run("people", "add", "老赵", "--birth", "1939-01-01", "--gender", "女")  # no household, no flag: unknown
    nest = [p["name"] for p in people(run, "--category", "空巢")]
    assert sorted(nest) == ["老张", "老张妻"]
    alone = [p["name"] for p in people(run, "--category", "独居老人")]
    assert alone == ["老王"]  # a one-person household; 老赵 has no household data
    members = json.loads(run("people", "household", "H2", "--json").stdout)
    assert [(m["name"], m["relation"]) for m in members] == [("老李", "户主"), ("小李", "子女")]
    assert json.loads(run("people", "household", "小李", "--json").stdout) == members
    shown = json.loads(run("people", "show", "老李", "--json").stdout)
    assert shown["household_members"] == [{"id": 4, "name": "小李", "relation": "子女"}]
    run("people", "edit", "老王", "--no-children-in-city")
    assert "老王" in [p["name"] for p in people(run, "--category", "空巢")]


def test_add_derives_birth_and_gender_and_upgrades_15_digits(run):
    run("people", "add", "甲", "--id-card", "110105491231002")
    p = people(run, "--reveal")[0]
    assert p["id_card"] == ZENG and p["birth"] == "1949-12-31" and p["gender"] == "女"


def test_edit_tags_remove_restore(run):
    run("people", "add", "甲", "--id-card", ZENG, "--tag", "低保")
    run("people", "edit", "甲", "--tag", "党员", "--untag", "低保", "--phone", "0571 88001234")
    p = people(run, "--reveal")[0]
    assert p["tags"] == ["党员"] and p["phone"] == "0571-88001234"
    run("people", "edit", "1", "--clear", "phone")
    assert people(run)[0]["phone"] is None
    run("people", "remove", "甲")
    assert people(run) == []
    assert [p["name"] for p in people(run, "--removed")] == ["甲"]
    err = run("people", "add", "乙", "--id-card", ZENG, code=1).stderr
    assert "已登记为 #1" in err
    run("people", "restore", "1")
    assert [p["name"] for p in people(run)] == ["甲"]
    run("undo")
    assert people(run) == []


def test_ambiguous_name_lists_matches(run):
    run("people", "add", "王芳")
    run("people", "add", "王芳")
    err = run("people", "show", "王芳", code=1).stderr
    assert "#1" in err and "#2" in err and "改用编号" in err


def test_plugin_categories_are_used(run):
    # DemoPlugin has no categories; add one through a fresh plugin manager.
    from click.testing import CliRunner

    from shequ import PersonCategory, hookimpl
    from shequ.cli import build_cli
    from shequ.plugin.manager import get_plugin_manager

    class Party:
        __name__ = "party"

        @hookimpl
        def shequ_person_categories(self):
            return [PersonCategory("党员", lambda p, on: "党员" in p.get("tags", []), "标签为党员")]

    cli = build_cli(get_plugin_manager(entrypoints=False, plugins=(Party(),)))
    run("people", "add", "甲", "--tag", "党员")
    run("people", "add", "乙")
    out = CliRunner().invoke(cli, ["--home", str(run.home), "people", "list", "-c", "党员", "--json"])
    assert [p["name"] for p in json.loads(out.stdout)] == ["甲"]


def test_fertile_age_band_is_a_setting(run):
    run("people", "add", "甲", "--gender", "女", "--birth", "2005-01-01")  # 20 on 2025-06-30
    assert [p["name"] for p in people(run, "-c", "育龄妇女")] == ["甲"]
    run("config", "set", "people.fertile_age", "22-49")
    assert people(run, "-c", "育龄妇女") == []
    assert "起-止" in run("config", "set", "people.fertile_age", "49-22", code=2).stderr
    assert "未知的设置项" in run("config", "set", "people.nope", "1", code=2).stderr
    run("config", "reset", "people.fertile_age")
    assert len(people(run, "-c", "育龄妇女")) == 1


# -- bad input: each a clear Chinese error, exit 1, nothing written -----------------------------
@pytest.mark.parametrize(
    "args,needle",
    [
        (["--id-card", "110105194912310021"], "校验位错误"),
        (["--id-card", "110105194902300025"], "出生日期不存在"),
        (["--id-card", "110105490230002"], "出生日期不存在"),
        (["--id-card", ZENG, "--gender", "男"], "性别与身份证号不符（身份证为女，填写为男）"),
        (["--id-card", ZENG, "--birth", "1950-01-01"], "出生日期与身份证号不符"),
        (["--phone", "1381234567"], "不是有效的电话号码"),
        (["--birth", "2030-01-01"], "晚于今天"),
        (["--relation", "邻居"], "不是可选值"),
    ],
)
def test_bad_person_input(run, snap, args, needle):
    before = snap(run.home)
    r = run("people", "add", "甲", *args, code=1)
    assert needle in r.stderr and r.stderr.strip().splitlines()[-1].startswith("错误：")
    assert "Traceback" not in r.stderr
    assert snap(run.home) == before


def test_duplicate_id_refused(run, snap):
    run("people", "add", "甲", "--id-card", ZENG)
    before = snap(run.home)
    assert "同一身份证不能登记两次" in run("people", "add", "乙", "--id-card", ZENG.lower(), code=1).stderr
    assert snap(run.home) == before


def test_unknown_category_is_exit_1(run):
    r = run("people", "list", "--category", "神仙", code=1)
    assert "未知的人员类别：神仙" in r.stderr and "高龄" in r.stderr


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_reports_every_bad_row_and_writes_nothing(run, tmp_path, snap):
    text = "姓名,身份证号,手机\n甲,11010519491231002X,13812345678\n乙,110105194912310021,\n丙,11010519491231002X,\n丁,,1381234567\n"
    path = write(tmp_path / "r.csv", text, "gb18030")
    before = snap(run.home)
    err = run("people", "import", str(path), code=1).stderr
    assert "第 3 行：身份证号校验位错误" in err
    assert "110105********0021" in err and "110105194912310021" not in err  # masked, as everywhere
    assert "第 4 行：身份证号与第 2 行重复" in err
    assert "第 5 行：联系电话" in err
    assert snap(run.home) == before
    run("people", "import", str(path), "--skip-invalid")
    assert [p["name"] for p in people(run)] == ["甲"]
    rejected = (tmp_path / "r.csv.rejected.csv").read_text("utf-8-sig").splitlines()
    assert rejected[0].split(",")[-1] == "原因" and len(rejected) == 4


def test_import_on_duplicate(run, tmp_path):
    run("people", "add", "甲", "--id-card", ZENG)
    path = write(tmp_path / "r.csv", f"姓名,身份证号,住址\n甲,{ZENG},幸福小区/1幢\n乙,,\n")
    assert "已登记为 #1" in run("people", "import", str(path), code=1).stderr
    run("people", "import", str(path), "--on-duplicate", "skip")
    assert len(people(run)) == 2 and people(run)[1]["address"] is None
    run("people", "import", str(path), "--on-duplicate", "update", "--dry-run")
    run("people", "import", str(path), "--on-duplicate", "update")
    listed = people(run)
    # 甲 was updated in place; 乙 (no 身份证, matched by 姓名+住址) is not added again.
    assert sorted(p["name"] for p in listed) == ["乙", "甲"]
    assert next(p for p in listed if p["name"] == "甲")["address"] == "幸福小区/1幢"


def test_import_mapping_file(run, tmp_path):
    path = write(tmp_path / "r.csv", "名字,证件,民族\n甲,11010519491231002X,汉\n")
    assert "无法识别的列" in run("people", "import", str(path), code=1).stderr
    mapping = write(tmp_path / "m.json", '{"名字": "name", "证件": "id_card", "民族": null}')
    run("people", "import", str(path), "--mapping", str(mapping))
    assert people(run)[0]["name"] == "甲"
    bad = write(tmp_path / "bad.json", '{"名字": "姓名x"}')
    err = run("people", "import", str(path), "--mapping", str(bad), code=1).stderr
    assert "映射文件中有未知的字段：姓名x" in err
    csvmap = write(tmp_path / "m.csv", "名字,姓名\n证件,身份证号\n民族,\n", "gb18030")
    run("people", "import", str(path), "--mapping", str(csvmap), "--on-duplicate", "skip")


@pytest.mark.parametrize(
    "content,name,needle",
    [
        ("姓名\n甲\n".encode("utf-16"), "r.csv", "UTF-16"),
        (b"", "r.csv", "空"),
        ("姓名,电话\n".encode(), "r.csv", "没有数据行"),
        (b"\x81\x30\xff\xfe\xfa\xfb", "r.csv", "编码"),
    ],
)
def test_bad_import_files(run, tmp_path, snap, content, name, needle):
    path = tmp_path / name
    path.write_bytes(content)
    before = snap(run.home)
    assert needle in run("people", "import", str(path), code=1).stderr
    assert snap(run.home) == before


def test_xlsx_without_header_row(run, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["花名册"])
    wb.save(tmp_path / "r.xlsx")
    assert "表头" in run("people", "import", str(tmp_path / "r.xlsx"), code=1).stderr


def test_xlsx_roster_with_title_row_imports(run, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["幸福社区花名册"])
    ws.append(["序号", "姓名", "公民身份号码", "联系电话"])
    ws.append([1, "甲", ZENG, 13812345678])  # Excel turned the phone into a number
    wb.save(tmp_path / "r.xlsx")
    run("people", "import", str(tmp_path / "r.xlsx"))
    assert people(run, "--reveal")[0]["phone"] == "13812345678"


def test_person_reference_in_records_skips_removed(run):
    run("people", "add", "甲")
    rid = run("record", "add", "demo.item", "--field", "title=t", "--field", "who=甲").stdout.strip()
    assert json.loads(run("record", "show", rid, "--json").stdout)["who"] == 1
    run("people", "remove", "甲")
    assert "找不到人员：甲" in run("record", "add", "demo.item", "--field", "title=t", "--field", "who=甲", code=1).stderr


def test_export_reveal_round_trips_through_import(loaded, tmp_path, cli):
    from click.testing import CliRunner

    target = tmp_path / "all.xlsx"
    loaded("people", "export", str(target), "--reveal")
    other = tmp_path / "other"
    runner = CliRunner()
    assert runner.invoke(cli, ["--home", str(other), "init"]).exit_code == 0
    r = runner.invoke(cli, ["--home", str(other), "people", "import", str(target)])
    assert r.exit_code == 0, r.stderr
    again = json.loads(runner.invoke(cli, ["--home", str(other), "people", "list", "--json", "--reveal"]).stdout)
    orig = people(loaded, "--reveal")
    strip = lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows]
    assert strip(again) == strip(orig)


@pytest.mark.parametrize("on", ["2025-10-29", "2024-02-29", "2025-02-28", "2025-03-01", "2025-12-31"])
def test_whole_register_category_answers_equal_per_person_tests(loaded, home, pm, on):
    """``PersonCategory.members`` / ``within`` are shortcuts: on the sample roster they pick
    exactly whom each category's ``test`` picks, on ordinary and leap-day dates alike."""
    from shequ.store import Home
    from shequ.testing import check_category_members

    with Home(home).read() as session:
        assert check_category_members(session, pm, date.fromisoformat(on)) == []


def test_age_bands_turn_on_the_birthday_including_29_february(run):
    from shequ.people.register import Register, categories
    from shequ.plugin.manager import get_plugin_manager
    from shequ.store import Home

    run("people", "add", "闰日", "--birth", "1964-02-29", "--gender", "女")
    run("people", "add", "生日", "--birth", "1955-03-01", "--gender", "男")
    cats = categories(get_plugin_manager(entrypoints=False))
    home = Home(run.home)
    with home.read() as session:
        def elders(on: str) -> list[str]:
            reg = Register(session, date.fromisoformat(on), cats)
            return sorted(reg.docs[str(i)]["name"] for i in reg.members("老年人"))

        assert elders("2024-02-28") == ["生日"]  # 闰日 is still 59
        assert elders("2024-02-29") == ["生日", "闰日"]  # 60 on the day itself
        assert elders("2025-02-28") == ["生日", "闰日"]
        assert elders("2015-03-01") == ["生日"]  # 60 on the day itself
        assert elders("2015-02-28") == []
        reg = Register(session, date(2025, 1, 1), cats)
        names = lambda ids: [reg.docs[str(i)]["name"] for i in ids]  # noqa: E731
        assert names(reg.aged(60, 60)) == ["闰日"] and names(reg.aged(61, 68)) == [] and names(reg.aged(69, 70)) == ["生日"]


def test_categories_count_from_columns_and_from_a_shard_edited_by_hand(run):
    """The register counts from the shards' columnar copies; a shard changed by hand has a copy that
    no longer matches, which is never believed: the columns are made again from the shard (and kept),
    never a stale answer."""
    from shequ.people.register import register, categories
    from shequ.plugin.manager import get_plugin_manager
    from shequ.store import Home

    run("people", "add", "甲", "--birth", "1930-05-01", "--gender", "女")
    run("people", "add", "乙", "--birth", "1950-05-01", "--gender", "男")
    run("people", "remove", "乙")
    run("people", "add", "丙", "--birth", "1960-05-01", "--gender", "男")
    cats = categories(get_plugin_manager(entrypoints=False))
    home = Home(run.home)

    def count() -> tuple[bool, int, int]:
        with home.read() as session:
            from_columns = session.columns("people", "people") is not None
            reg = register(session, date(2025, 10, 29), cats)
            return from_columns, reg.count("90岁以上"), reg.count("老年人")

    assert count() == (True, 1, 2)  # 乙 is removed
    shard = run.home / "people" / "people.000.json"
    stale = (run.home / "people" / "people.000.cols").read_bytes()
    shard.write_bytes(shard.read_bytes().replace(b'"birth":"1960-05-01"', b'"birth":"1930-06-01"'))
    assert count() == (True, 2, 2)
    assert (run.home / "people" / "people.000.cols").read_bytes() != stale  # the copy now matches the shard


def test_init_gives_shards_of_an_older_shequ_their_columnar_copies(run):
    run("people", "add", "甲", "--birth", "1930-05-01", "--gender", "女")
    copy = run.home / "people" / "people.000.cols"
    made = copy.read_bytes()
    copy.unlink()  # as an older shequ left it
    logged = len(run("log", "--json").stdout)
    assert "已为 1 个分片文件重建列存副本" in run("init").stderr
    assert copy.read_bytes() == made and len(run("log", "--json").stdout) == logged  # not data: not logged
    assert "重建列存副本" not in run("init").stderr  # nothing left to do
    assert oct(copy.stat().st_mode & 0o777) == "0o600"  # it holds personal data, as the shard does
    orphan = run.home / "people" / "people.007.cols"
    orphan.write_bytes(made)  # its shard deleted by hand
    run("init")
    assert not orphan.exists() and copy.exists()


def test_init_upgrades_a_home_written_before_shards(run):
    """A version-1 home keeps every area in one file; ``init`` splits it, says so, and keeps a backup."""
    run("people", "add", "曾国藩", "--id-card", ZENG)
    home = run.home
    with_head = {"people": {str(i): {"name": f"居民{i}", "name_py": f"jumin{i}", "name_ini": "jm"} for i in range(1, 1501)},
                 "_seq": {"1": {"next": 1501}}}
    for shard in (home / "people").iterdir():
        shard.unlink()
    (home / "people").rmdir()
    (home / "people.json").write_text(json.dumps(with_head, ensure_ascii=False), "utf-8")
    meta = json.loads((home / "meta.json").read_text("utf-8"))
    meta["meta"]["1"]["schema_version"] = 1
    (home / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    assert "需要升级" in run("people", "list", code=1).stderr  # an old layout is never half-read
    out = run("init").stderr
    assert "已升级数据目录" in out and "数据版本 1 → 2" in out and "backups/" in out
    assert sorted(p.name for p in (home / "people").iterdir()) == [
        "people.000.cols", "people.000.json", "people.001.cols", "people.001.json"]  # with their columnar copies
    assert json.loads((home / "people.json").read_text("utf-8")) == {"_seq": {"1": {"next": 1501}}}
    backup = next((home / "backups").iterdir())
    assert json.loads((backup / "people.json").read_text("utf-8")) == with_head
    assert len(people(run)) == 1500 and [p["id"] for p in people(run, "--search", "居民1499")] == [1499]
    assert "已存在数据目录" in run("init").stderr


def test_duplicate_id_is_found_in_another_shard_without_parsing_the_register(run, monkeypatch):
    """``people add`` checks the 身份证 by a byte search over the shards; only a shard holding
    the number is parsed, and a duplicate far from the new person's shard is still refused."""
    from shequ.store import Home, Session

    home = Home(run.home)
    with home.transaction("bulk") as s:
        for i in range(1, 2601):
            s.put("people", "people", i, {"name": f"居民{i}", "name_py": "jumin", "name_ini": "jm"})
        s.put("people", "people", 7, {"name": "曾国藩", "id_card": ZENG, "name_py": "zengguofan", "name_ini": "zgf"})
        s.put("people", "_seq", "1", {"next": 2601})
    parsed: list[str] = []
    original = Session._ingest

    def spy(self, area, rel, raw):
        if raw.strip():
            parsed.append(rel)
        return original(self, area, rel, raw)

    monkeypatch.setattr(Session, "_ingest", spy)
    assert "已登记为 #7" in run("people", "add", "冒名", "--id-card", ZENG, code=1).stderr
    assert [p for p in parsed if p.startswith("people/")] == ["people/people.000.json"]
    parsed.clear()
    run("people", "add", "新居民", "--id-card", "110105194912310046")  # valid, unused
    assert [p for p in parsed if p.startswith("people/")] == ["people/people.002.json"]  # only its own shard


ID_CARD = "11010519491231002X"


def _home_bytes(home) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def test_purge_erases_a_removed_resident_from_data_log_and_backups(run, monkeypatch):
    from shequ.store import Home
    from shequ.store.migrations import backup

    run("people", "add", "张三", "--id-card", ID_CARD, "--phone", "13812345678")
    run("people", "add", "李四", "--phone", "13900001111")
    run("people", "edit", "张三", "--phone", "13987654321", "--name", "张叁")  # two names in the history
    home = Home(run.home)
    backup(home, "test")  # a backup holding the resident (as an upgrade makes)
    assert "尚未删除" in run("people", "purge", "张叁", "--yes", code=1).stderr
    run("people", "remove", "张叁")
    before = run.home.joinpath("changes.jsonl").read_bytes()
    assert "--yes" in run("people", "purge", "1", code=2).stderr
    assert run.home.joinpath("changes.jsonl").read_bytes() == before
    run("people", "purge", "1", "--yes")
    everything = _home_bytes(run.home)
    for secret in ("张三", "张叁", ID_CARD, "13812345678", "13987654321", "zhangsan"):
        assert secret.encode() not in everything, secret
    assert "李四".encode() in everything and b"13900001111" in everything  # others untouched
    log = json.loads(run("log", "--json").stdout)
    assert log[0]["action"] == "people purge #1" and log[0]["summary"] == "删除 1"
    assert log[-2]["action"] == "people add （已清除）"
    # the log still replays to the data, and nothing brings the resident back
    log_matches_data(home)
    assert "无法撤销" in run("undo", code=1).stderr
    assert "找不到编号为 1 的人员" in run("people", "restore", "1", code=1).stderr
    assert "没有编号为 1 的居民（或已彻底清除）" in run("people", "purge", "1", "--yes", code=1).stderr


def test_an_interrupted_purge_is_finished_by_running_it_again(run, monkeypatch):
    from shequ.store import Home
    from shequ.store import purge

    run("people", "add", "王五", "--id-card", ID_CARD)
    run("people", "remove", "王五")

    def crash(*args):
        raise KeyboardInterrupt  # the process dies between the two steps

    with monkeypatch.context() as m:
        m.setattr(purge, "purge_history", crash)
        run("people", "purge", "王五", "--yes", code=None)
    home = Home(run.home)
    log_matches_data(home)  # step 1 alone: the log still matches the data
    assert ID_CARD.encode() in _home_bytes(run.home)
    run("people", "purge", "1", "--yes")
    assert ID_CARD.encode() not in _home_bytes(run.home) and "王五".encode() not in _home_bytes(run.home)
    log_matches_data(home)


def test_csv_for_excel_keeps_long_numbers_text_and_imports_back(run, tmp_path):
    """Opened in Excel/WPS, a plain CSV turns 身份证 into 3.30106198606281E+17; --excel writes ="…"."""
    run("people", "add", "张三", "--id-card", ID_CARD, "--phone", "13812345678")
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    run("people", "export", str(plain), "--reveal")
    run("people", "export", str(excel), "--reveal", "--excel")
    assert f",{ID_CARD}," in plain.read_text("utf-8-sig")
    text = excel.read_text("utf-8-sig")
    assert f'"=""{ID_CARD}"""' in text and '"=""13812345678"""' in text
    run("people", "remove", "张三")
    run("people", "purge", "张三", "--yes")
    run("people", "import", str(excel))
    (row,) = json.loads(run("people", "list", "--json", "--reveal").stdout)
    assert row["id_card"] == ID_CARD and row["phone"] == "13812345678"
