"""``shequ checklist``: 台账 meta-checks, automatic items with reasons, evidence, scoring, export, cron."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def show(run, rid):
    return json.loads(run("checklist", "show", str(rid), "--json").stdout)


def items(run, rid):
    return {i["id"]: i for i in show(run, rid)["items"]}


def test_meta_check_for_2025_h1_explains_each_item(year):
    rid = year("checklist", "start", "taizhang.half", "--period", "2025-H1", "--unit", "科普").stdout.strip()
    assert year("checklist", "start", "taizhang.half", "--period", "2025-H1", "--unit", "科普").stdout.strip() == rid
    it = items(year, rid)
    assert it["monthly_activity"]["state"] == "met"
    assert it["plan"]["state"] == "unmet" and "kind=计划" in it["plan"]["why"]
    year("record", "add", "core.document", "--field", "kind=计划", "--field", "period=2025", "--field", "title=2025年工作计划")
    assert items(year, rid)["plan"]["state"] == "met"
    # The year's run sees that August had no 科普 activity, and says so.
    yid = year("checklist", "start", "taizhang.year", "--period", "2025", "--unit", "科普").stdout.strip()
    why = items(year, yid)["monthly_activity"]
    assert why["state"] == "unmet" and "8月" in why["why"] and "科普" in why["why"]


def test_manual_items_need_evidence_and_automatic_ones_need_override(year, snap, tmp_path):
    rid = year("checklist", "start", "taizhang.half", "--period", "2025-H1").stdout.strip()
    before = snap(year.home)
    assert "需要佐证" in year("checklist", "tick", rid, "filed", code=1).stderr
    assert "不能手工打勾" in year("checklist", "tick", rid, "plan", code=1).stderr
    assert "必须写明理由" in year("checklist", "tick", rid, "plan", "--override", code=1).stderr
    assert "活动不存在：#9999" in year("checklist", "tick", rid, "filed", "--evidence", "#9999", code=1).stderr
    assert "文件不存在" in year("checklist", "tick", rid, "filed", "--evidence", str(tmp_path / "x.pdf"), code=1).stderr
    assert "没有项目：nope" in year("checklist", "tick", rid, "nope", "--evidence", "x", code=1).stderr
    assert "找不到清单模板" in year("checklist", "start", "nope.template", code=1).stderr
    assert "按半年检查" in year("checklist", "start", "taizhang.half", "--period", "2025", code=2).stderr
    assert snap(year.home) == before
    photo = tmp_path / "档案.jpg"
    photo.write_bytes(b"x")
    year("checklist", "tick", rid, "filed", "--evidence", "#1", "--evidence", str(photo), "--evidence", "档案盒三个")
    assert items(year, rid)["filed"]["evidence"][1:] == ["档案.jpg", "档案盒三个"]
    year("checklist", "tick", rid, "plan", "--override", "--reason", "计划已报街道，未录入")
    assert items(year, rid)["plan"]["state"] == "override"
    assert any("checklist 人工认定" in e["action"] for e in json.loads(year("log", "--json").stdout))
    year("checklist", "untick", rid, "plan")
    assert items(year, rid)["plan"]["state"] == "unmet"
    year("checklist", "na", rid, "half_summary", "--reason", "新成立")
    assert items(year, rid)["half_summary"]["state"] == "na"


def test_scored_template_from_yaml_export_and_levels(year, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    year("checklist", "template", "add", str(EXAMPLES / "templates" / "wuxing_dangzhibu.yaml"))
    rid = year("checklist", "start", "dangjian.wuxing", "--period", "2025").stdout.strip()
    for item in ("banzi", "duiwu", "jizhi", "yeji", "qunzhong"):
        year("checklist", "tick", rid, item, "--evidence", "述职报告")
    r = show(year, rid)
    # 5 × 12 by hand; the duties: 党课 3/4, 支委会 and 活动日 overdue, training short → 60/100.
    assert r["score"] == 60 and r["total"] == 100 and r["level"] == "二星"
    year("checklist", "na", rid, "training", "--reason", "本年无培训任务")
    assert show(year, rid)["score"] == pytest.approx(66.7)
    xlsx = tmp_path / "五星.xlsx"
    year("checklist", "export", rid, str(xlsx))
    ws = load_workbook(xlsx).active
    assert "五星级党支部评分" in ws.cell(1, 1).value and ws.cell(2, 2).value == "标准/项目"
    assert any("合计得分" in str(c.value) for c in ws["B"])
    docx = tmp_path / "五星.docx"
    year("checklist", "export", rid, str(docx))
    doc = Document(str(docx))
    assert "五星级党支部评分" in doc.paragraphs[0].text and len(doc.tables[0].rows) == 10
    assert 'w:eastAsia="仿宋"' in doc.styles["Normal"].element.xml
    assert "只能导出" in year("checklist", "export", rid, str(tmp_path / "x.pdf"), code=2).stderr


def test_bad_template_files(run, tmp_path, snap):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x.y\ntitle: 坏\ntotal: 100\nitems:\n  - {id: a, text: 甲, weight: 30}\n  - {id: a, text: 乙, weight: 30}\n", "utf-8")
    before = snap(run.home)
    err = run("checklist", "template", "add", str(bad), code=1).stderr
    assert "项目编号重复：a" in err and "之和为 60，与总分 100 不符" in err
    (tmp_path / "broken.yaml").write_text("id: [unclosed", "utf-8")
    assert "格式错误" in run("checklist", "template", "add", str(tmp_path / "broken.yaml"), code=1).stderr
    (tmp_path / "t.toml").write_text('[template]\nid = "a.b"\ntitle = "甲"\n[[template.items]]\nid = "x"\ntext = "项"\nrule = {events = {per = "week"}}\n', "utf-8")
    assert "per 应为" in run("checklist", "template", "add", str(tmp_path / "t.toml"), code=1).stderr
    assert snap(run.home) == before
    good = tmp_path / "ok.json"
    good.write_text(json.dumps({"id": "a.b", "title": "甲", "items": [{"id": "x", "text": "项"}]}), "utf-8")
    run("checklist", "template", "add", str(good))
    assert "a.b" in run("checklist", "template", "list").stdout


def test_status_includes_due_checklists_nobody_started_and_strict_exits_3(year):
    rows = json.loads(year("checklist", "status", "--period", "2025-H1", "--json").stdout)
    half = next(r for r in rows if r["template"] == "taizhang.half")
    assert half["status"] == "not_started" and half["due"] is True and half["id"] is None
    assert year("checklist", "status", "--period", "2025-H1", "--strict", code=3)
    # H2 ends today (2025-12-31): open but not yet due, so cron is not alarmed.
    out = year("checklist", "status", "--period", "2025-H2", "--strict").stdout
    assert "未开始" in out and "已到期" not in out


def test_inspections_count_for_a_duty(year, tmp_path):
    rid = year("checklist", "start", "taizhang.year", "--period", "2025").stdout.strip()
    year("checklist", "inspect", rid, "--date", "2025-06-15", "--inspector", "街道", "--result", "合格")
    duty = tmp_path / "d.json"
    duty.write_text(json.dumps({"id": "core.inspections", "title": "一年不少于2次检查", "kind": "quota", "per": "year",
                                "min": 2, "match": {"inspection": "taizhang.year"}}), "utf-8")
    year("duties", "add", str(duty))
    st = {r["id"]: r for r in json.loads(year("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["core.inspections"]["progress"] == "1/2"
    year("checklist", "inspect", rid, "--date", "2025-11-15", "--inspector", "区民政局", "--result", "基本合格", "--findings", "档案需补")
    st = {r["id"]: r for r in json.loads(year("duties", "status", "--period", "2025", "--json").stdout)}
    assert st["core.inspections"]["status"] == "met"
    assert "档案需补" in year("checklist", "show", rid).stderr
