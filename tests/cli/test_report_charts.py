"""Charts in a community's own report: html inline SVG, docx pictures sized for A4, terminal bars —
each right after the table of its figures; md, txt, json and xlsx stay tables."""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib

from pathlib import Path

import pytest

from shequ.testing import demo_home, runner

TODAY = "2025-03-31"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def march(tmp_path_factory):
    """The demo home (two activities in March), the sample duties and a budget 30% spent."""
    home = demo_home(tmp_path_factory.mktemp("charts") / "home")
    run = runner(home, today=TODAY)
    run("duties", "add", str(EXAMPLES / "duties.json"), "--skip-existing")
    run("ledger", "budget", "set", "支出:活动", "1000", "--year", "2025")
    run("ledger", "add", "--date", "2025-03-01", "--amount", "300", "--out", "--account", "支出:活动")
    return run


def _report(run, tmp_path, ext):
    target = tmp_path / f"月报.{ext}"
    run("report", "monthly", "--period", "2025-03", "-o", str(target))
    return target


def test_html_draws_each_chart_as_inline_svg_after_its_table(march, tmp_path):
    html = _report(march, tmp_path, "html").read_text("utf-8")
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    titles = [re.search(r"<title>(.*?)</title>", s)[1] for s in svgs]
    assert titles == ["各条线每月活动次数", "各条线职责完成情况", "预算执行率"]
    for caption, chart in (("各条线每月活动次数（年初至本期末）", "各条线每月活动次数"),
                           ("预算执行（年初至期末）", "预算执行率")):
        table_at = html.index(f"<caption>{caption}</caption>")
        chart_at = html.index(f"<title>{chart}</title>")
        assert table_at < chart_at and html.count("<table", table_at, chart_at) == 0  # right after its own table
    budget = svgs[2]
    assert "30%" in budget and "stroke-dasharray" in budget  # 执行率 with the 100% line
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_docx_charts_are_pictures_that_fit_an_a4_page(march, tmp_path):
    with zipfile.ZipFile(_report(march, tmp_path, "docx")) as z:
        body = z.read("word/document.xml").decode("utf-8")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert media and all(_png_size(z.read(n))[0] > 0 for n in media)
    assert "图：各条线每月活动次数" in body and "图：预算执行率" in body and "图：各条线职责完成情况" in body
    emu_per_mm = 36000
    widths = [int(w) for w in re.findall(r'<wp:extent cx="(\d+)"', body)]
    assert widths and max(widths) <= 156 * emu_per_mm  # GB/T 9704 text width
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', body)]
    assert grid and sum(grid[-3:]) <= 156 * 1440 / 25.4 + 1  # the chart's grid (twips) is within the text width too
    # the chart comes right after its table: caption, table, then the chart's caption
    table_at = body.index("预算执行（年初至期末）")
    assert body.index("图：预算执行率") > table_at and body.count("<w:tbl>", table_at, body.index("图：预算执行率")) == 1


def test_terminal_draws_bars(march):
    out = march("report", "monthly", "--period", "2025-03", "-f", "terminal").stdout
    assert "图：各条线每月活动次数" in out and "图：预算执行率" in out
    bar = next(line for line in out.splitlines() if line.strip().startswith("支出:活动 │"))
    assert "█" in bar and "┆" in bar and bar.rstrip().endswith("30%")  # a 30% bar and the 100% mark after it


def test_text_formats_keep_their_tables_and_json_appends(march):
    md = march("report", "monthly", "--period", "2025-03", "-f", "md").stdout
    assert "<svg" not in md and "**各条线每月活动次数（年初至本期末）**" in md
    assert "| 3月 | 1 | 1 | 2 |" in md
    data = json.loads(march("report", "monthly", "--period", "2025-03", "--json").stdout)
    overview = next(s for s in data["sections"] if s["title"] == "总体情况")
    assert [t["title"] for t in overview["tables"]] == ["各条线活动", "人员类别", "各条线每月活动次数（年初至本期末）"]
    duties = next(s for s in data["sections"] if s["title"] == "工作职责完成情况")
    assert [t["title"] for t in duties["tables"]] == ["职责", "各条线职责完成情况"]  # new tables last: scripts read by position


def test_png_bars_are_valid_and_drawn_to_scale():
    from shequ.charts.png import HEIGHT, WIDTH, bar

    data = bar([(1.0, "#4e79a7"), (1.0, "#f28e2b")], 4.0, mark=3.0)
    assert _png_size(data) == (WIDTH, HEIGHT)
    idat = data.index(b"IDAT")
    n = struct.unpack(">I", data[idat - 4:idat])[0]
    raw = zlib.decompress(data[idat + 4:idat + 4 + n])
    line = raw[1:1 + WIDTH * 4]  # the first scan line after its filter byte
    px = lambda x: tuple(line[x * 4:x * 4 + 4])
    assert px(10) == (0x4E, 0x79, 0xA7, 255) and px(WIDTH // 4 + 10) == (0xF2, 0x8E, 0x2B, 255)
    assert px(WIDTH // 2 + 10)[3] == 0  # transparent after the bar
    assert px(round(WIDTH * 3 / 4) - 1)[3] == 255  # the dashed mark at 3 of 4


def test_a_chart_without_its_table_brings_its_own_figures():
    from shequ.models import Chart, ReportSection
    from shequ.reports.build import Report
    from shequ.reports.render import render_html

    chart = Chart("参与人次", ["一组", "二组"], ["人次"], [[3.0], [5.0]])
    report = Report("测试", "测试社区", "monthly", "2025-03", "2025年3月", [ReportSection("测试", charts=[chart])], [], None, ())
    html = render_html(report)
    assert "<caption>参与人次</caption>" in html and "<td>二组</td><td>5</td>" in html.replace(' class="n"', "")
    assert html.index("<caption>参与人次</caption>") < html.index("<svg")


def test_svg_bars_and_a_long_legend_stay_inside_the_picture():
    from shequ.charts.svg import WIDTH, svg
    from shequ.models import Chart

    series = [f"条线{i}号很长的名字" for i in range(12)]
    chart = Chart("各单位各条线活动次数", ["幸福社区", "和平社区"], series, [[1.0] * 12, [3.0] * 12])
    out = svg(chart)
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', out)[1])
    rects = [tuple(map(float, m)) for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', out)]
    assert len(rects) == 12 + 24  # the legend's squares and every segment
    assert all(x + w <= WIDTH and y + h <= height for x, y, w, h in rects)
    texts = [(float(x), float(y)) for x, y in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"', out)]
    assert all(x <= WIDTH and y <= height for x, y in texts)
    legend_rows = {y for x, y, w, h in rects if w == 12 and h == 12}
    assert len(legend_rows) > 1  # wrapped, not drawn past the right edge
