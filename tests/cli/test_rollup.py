"""The 街道 roll-up: communities export period bundles, the 街道 checks and reports across them.

Three communities are built once for the module: 幸福社区 (the sample year of examples/: 302
residents, 党建 and 普法 with 帮教 and disputes, a ledger with a payee), 和平社区 (a few
residents, 党建 and 普法) and 光明村 (a 村 with no plugin).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from shequ.testing import runner

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = "2025-12-31"


def _plugins():
    import shequ_dangjian
    import shequ_pufa

    return (shequ_dangjian, shequ_pufa)


@pytest.fixture(scope="module")
def towns(tmp_path_factory, load_sample_year):
    """Three homes, their March bundles in ``bundles/`` and a 街道 home expecting four units."""
    root = tmp_path_factory.mktemp("rollup")
    big = runner(root / "xingfu", *_plugins(), today=TODAY)
    load_sample_year(big)
    big("ledger", "add", "--date", "2025-03-01", "--amount", "500", "--in", "--account", "收入:上级拨款")
    big("ledger", "add", "--date", "2025-03-05", "--amount", "120", "--out", "--account", "支出:活动", "--payee", "曾国藩")
    big("ledger", "budget", "set", "支出:活动", "1000", "--year", "2025")

    small = runner(root / "heping", *_plugins(), today=TODAY)
    small("init", "--name", "和平社区")
    for name in ("钱多多", "孙小美", "阿土伯"):
        small("people", "add", name, "--tag", "党员")
        small("dangjian", "member", "add", name, "--status", "正式党员")
    small("calendar", "add", "三月党课", "--date", "2025-03-11", "--type", "dangjian.meeting", "--field", "meeting_kind=党课",
          "--done")
    small("calendar", "done", "三月党课", "--attendee", "钱多多", "--attendee", "孙小美")
    small("ledger", "add", "--date", "2025-03-02", "--amount", "300", "--out", "--account", "支出:活动")
    small("ledger", "budget", "set", "支出:活动", "600", "--year", "2025")

    village = runner(root / "guangming", today=TODAY)
    village("init", "--name", "光明村", "--level", "村")
    village("calendar", "add", "村民大会", "--date", "2025-03-20", "--done")

    out = root / "bundles"
    out.mkdir()
    for run, name in ((big, "幸福社区"), (small, "和平社区"), (village, "光明村")):
        run("bundle", "export", "--period", "2025-03", "-o", str(out / f"{name}-{{period}}.bundle.json"))
    street = runner(root / "street", today=TODAY)
    street("init", "--name", "城南街道", "--level", "街道")
    street("config", "set", "rollup.expected", "幸福社区、和平社区、光明村、新华村")
    return {"root": root, "bundles": out, "big": big, "small": small, "village": village, "street": street}


def _bundle(towns, name="幸福社区"):
    return towns["bundles"] / f"{name}-2025-03.bundle.json"


def _copy_set(towns, tmp_path, *names):
    d = tmp_path / "in"
    d.mkdir()
    for n in names or ("幸福社区", "和平社区", "光明村"):
        shutil.copy(_bundle(towns, n), d)
    return d


# -- bundles ----------------------------------------------------------------------------------------
def test_a_bundle_has_a_manifest_and_figures(towns):
    data = json.loads(_bundle(towns).read_text("utf-8"))
    m = data["manifest"]
    assert (m["community"], m["level"], m["period"], m["kind"]) == ("幸福社区", "社区", "2025-03", "monthly")
    assert m["shequ"] and set(m["plugins"]) == {"shequ_dangjian", "shequ_pufa"} and m["created_by"]
    assert m["hash"].startswith("sha256:")
    titles = [s["title"] for s in data["sections"]]
    assert {"总体情况", "工作职责完成情况", "党建工作", "普法工作", "经费收支"} <= set(titles)
    assert data["duties"] and data["checklists"] is not None
    assert {"account": "支出:活动", "budget": "1000.00", "actual": "120.00"} in data["ledger"]["budgets"]
    village = json.loads(_bundle(towns, "光明村").read_text("utf-8"))["manifest"]
    assert (village["level"], village["plugins"]) == ("村", {})


def _personal(towns):
    """Every name, 身份证号, phone and address the sample home was given."""
    raw = (EXAMPLES / "roster.csv").read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    rows = list(csv.DictReader(io.StringIO(text)))
    found = {v for r in rows for k, v in r.items() if k in ("姓名", "公民身份号码", "手机", "住址") and v}
    for line in (EXAMPLES / "pufa" / "bangjiao-names.txt").read_text("utf-8").split():
        found.add(line)
    for r in csv.DictReader(io.StringIO((EXAMPLES / "pufa" / "disputes-2025.csv").read_text("utf-8-sig"))):
        found.update(p for p in r["当事人"].split("、") if p)
    return found


def test_no_resident_name_id_phone_or_address_is_in_any_bundle(towns):
    personal = _personal(towns)
    assert len(personal) > 900  # 302 residents × name, number, phone, address, and the 帮教/纠纷 names
    for path in towns["bundles"].iterdir():
        text = path.read_text("utf-8")
        leaked = sorted(p for p in personal if p in text)
        assert leaked == [], f"{path.name} 含有个人信息：{leaked[:5]}"
    small = _bundle(towns, "和平社区").read_text("utf-8")
    assert not any(n in small for n in ("钱多多", "孙小美", "阿土伯"))


def test_a_label_naming_a_resident_is_left_out_and_counted(towns, tmp_path):
    from shequ.rollup.bundle import _section
    from shequ.rollup.privacy import Personal
    from shequ.models import ReportSection, Table

    sec = ReportSection("测试", figures={"by_person": {"曾国藩": 3, "党建": 2}, "phone": "13812345678", "n": 4},
                        tables=[Table("积分", ["姓名", "积分"], [["曾国藩", 3]]), Table("分类", ["类别", "人数"], [["老年人", 3]])])
    withheld = [0]
    out = _section(sec, Personal(["曾国藩"], []), withheld)
    assert out["figures"] == {"by_person": {"党建": 2}, "n": 4}  # text and the resident's key are gone
    assert [t["title"] for t in out["tables"]] == ["分类"] and withheld == [3]


def test_the_same_data_gives_the_same_bundle(towns, tmp_path):
    for name in ("a", "b"):
        towns["small"]("bundle", "export", "--period", "2025-03", "-o", str(tmp_path / f"{name}.bundle.json"))
    assert (tmp_path / "a.bundle.json").read_bytes() == (tmp_path / "b.bundle.json").read_bytes()


def test_a_bundle_needs_a_report_period(towns, tmp_path):
    r = towns["small"]("bundle", "export", "--period", "2025-03..2025-04", "-o", str(tmp_path / "x.json"), code=2)
    assert "报送的期间" in r.stderr and not (tmp_path / "x.json").exists()


# -- the roll-up report -------------------------------------------------------------------------------
def test_the_street_report_has_a_column_per_community_and_totals(towns):
    r = towns["street"]("rollup", "report", "monthly", "--period", "2025-03", str(towns["bundles"]), "-f", "md")
    md = r.stdout
    assert md.startswith("# 城南街道2025年3月月报（3个单位汇总）")
    assert "| 项目 | 幸福社区 | 和平社区 | 光明村 | 合计 |" in md  # expected order, then a total
    assert "未报送：新华村" in md
    dj = md[md.index("党建工作（主要数字）"):]
    row = next(line for line in dj.splitlines() if line.startswith("| 组织生活会议（次）"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3] == "未安装" and cells[4] == str(int(cells[1]) + int(cells[2]))  # 光明村 has no 党建 plugin: not a 0
    assert "各单位各条线活动次数" in md and "各单位职责完成情况" in md and "清单得分与完成项" in md
    assert "收支分类（元）" in md and "| 支出:活动 | 120.00 | 300.00 | — | 420.00 |" in md


def test_a_rate_is_recomputed_from_its_parts_not_averaged(towns):
    r = towns["street"]("rollup", "report", "monthly", "--period", "2025-03", str(towns["bundles"]), "--json")
    data = json.loads(r.stdout)
    sec = next(s for s in data["sections"] if s["title"] == "党建工作")
    rows = {row[0]: row for t in sec["tables"] for row in t["rows"]}
    present, seats = rows["出勤人次"], rows["应出勤人次"]
    assert present[-1] == present[1] + present[2] and seats[-1] == seats[1] + seats[2]
    rate = rows["党员出勤率"]
    assert rate[-1] == f"{present[-1] * 100 / seats[-1]:.1f}%"
    budget = next(s for s in data["sections"] if s["title"] == "经费收支")
    per_unit = next(t for t in budget["tables"] if t["title"] == "各单位预算执行")
    assert per_unit["total"] == ["合计", "1600.00", "420.00", "26.2%"]  # (120+300)/(1000+600), not (12%+50%)/2


def test_every_format_renders_the_street_report(towns, tmp_path):
    for ext in ("md", "html", "json", "txt", "docx", "xlsx"):
        target = tmp_path / f"街道月报.{ext}"
        towns["street"]("rollup", "report", "monthly", "--period", "2025-03", str(towns["bundles"]), "-o", str(target))
        assert target.stat().st_size > 1000
    with zipfile.ZipFile(tmp_path / "街道月报.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "光明村" in body and "合计" in body and "图：各单位职责完成情况" in body
    assert "<svg" in (tmp_path / "街道月报.html").read_text("utf-8")
    term = towns["street"]("rollup", "report", "monthly", "--period", "2025-03", str(towns["bundles"]), "-f", "terminal").stdout
    assert "图：各单位各条线活动次数" in term and "█" in term


# -- trust --------------------------------------------------------------------------------------------
def _refused(towns, tmp_path, folder, *words):
    target = tmp_path / "街道月报.docx"
    r = towns["street"]("rollup", "report", "monthly", "--period", "2025-03", str(folder), "-o", str(target), code=1)
    assert not target.exists(), "a refused roll-up writes nothing"
    for w in words:
        assert w in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and r.stderr.startswith("错误：")
    return r


def test_a_tampered_bundle_is_refused(towns, tmp_path):
    d = _copy_set(towns, tmp_path)
    path = d / "和平社区-2025-03.bundle.json"
    text = path.read_text("utf-8").replace('"events": 1,', '"events": 9,', 1)
    assert text != path.read_text("utf-8")
    path.write_text(text, "utf-8")
    _refused(towns, tmp_path, d, "和平社区-2025-03.bundle.json", "校验值不符")


def test_a_bundle_from_a_newer_shequ_is_refused(towns, tmp_path):
    from shequ.rollup.bundle import content_hash, dump

    d = _copy_set(towns, tmp_path)
    path = d / "光明村-2025-03.bundle.json"
    data = json.loads(path.read_text("utf-8"))
    data["manifest"]["shequ"] = "99.0.0"
    data["manifest"]["hash"] = content_hash(data)  # an honest file, only newer
    path.write_bytes(dump(data))
    _refused(towns, tmp_path, d, "光明村-2025-03.bundle.json", "较新的 shequ 99.0.0", "升级")


def test_a_bundle_of_another_period_is_refused(towns, tmp_path):
    d = _copy_set(towns, tmp_path, "幸福社区")
    towns["small"]("bundle", "export", "--period", "2025-02", "-o", str(d / "和平社区-2025-02.bundle.json"))
    _refused(towns, tmp_path, d, "和平社区-2025-02.bundle.json", "2025-02", "不是 2025-03")


def test_a_second_bundle_of_one_community_is_refused(towns, tmp_path):
    d = _copy_set(towns, tmp_path)
    shutil.copy(_bundle(towns, "和平社区"), d / "和平社区-副本.bundle.json")
    _refused(towns, tmp_path, d, "和平社区 有两份报送", "和平社区-副本.bundle.json", "和平社区-2025-03.bundle.json")


def test_a_file_that_is_no_bundle_is_refused_by_name(towns, tmp_path):
    d = _copy_set(towns, tmp_path, "幸福社区")
    (d / "坏的.bundle.json").write_text('{"bundle": 1, "manif', "utf-8")
    _refused(towns, tmp_path, d, "坏的.bundle.json", "不是有效的报送文件")


# -- status -------------------------------------------------------------------------------------------
def test_status_lists_who_has_not_handed_in_and_exits_3(towns):
    r = towns["street"]("rollup", "status", "--period", "2025-03", str(towns["bundles"]), "--json", code=3)
    rows = {row["unit"]: row for row in json.loads(r.stdout)}
    assert list(rows) == ["幸福社区", "和平社区", "光明村", "新华村"]
    assert rows["新华村"]["status"] == "missing" and rows["光明村"]["status"] == "in"
    assert "未报送 1 个：新华村" in r.stderr


def test_status_is_quiet_when_everyone_handed_in_on_time(towns, tmp_path):
    d = _copy_set(towns, tmp_path, "光明村")
    street = runner(tmp_path / "street", today=TODAY)
    street("init", "--name", "某街道", "--level", "街道")
    street("config", "set", "rollup.expected", "光明村")
    r = street("rollup", "status", "--period", "2025-03", str(d))
    assert "光明村" in r.stdout and "已报送" in r.stdout


def test_a_label_holding_an_address_number_or_phone_is_found():
    from shequ.rollup.privacy import Personal

    p = Personal(["曾国藩", "李梅"], ["幸福路12号3栋201", "某某调解协议书"])
    assert p.found("曾国藩积分") and p.found("李梅") and p.found("住幸福路12号3栋201的居民")
    assert p.found("幸福路12号3栋201") and p.found("调解：某某调解协议书（已归档）")
    assert p.found("联系13812345678") and p.found("11010519491231002X")
    assert not p.found("党建活动（次）") and not p.found("幸福路") and not p.found("梅花")
