"""The Word and Excel files a person hands in, checked against outside references: GB/T 9704
(the docx XML, and LibreOffice's rendering of it when ``soffice`` is installed) and what
Excel needs to add up, date and print a workbook (openpyxl, and LibreOffice's PDF)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
soffice = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(not soffice or not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                                   reason="LibreOffice (soffice) and poppler-utils are not installed")


@pytest.fixture
def books(year, add_books):
    """The sample year with its ledger (as ``make demo`` loads it)."""
    return add_books(year)


def to_pdf(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=300)
    return out / (path.stem + ".pdf")


def pdf_pages(pdf: Path) -> list[str]:
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                           text=True).stdout for i in range(1, n + 1)]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


# -- Word ------------------------------------------------------------------------------------
def test_docx_has_the_grid_no_paragraph_spacing_and_page_numbers(books, tmp_path):
    from docx import Document

    books("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "m.docx"))
    doc = Document(str(tmp_path / "m.docx"))
    sect = doc.sections[0]
    grid = sect._sectPr.find(f"{W}docGrid")
    height = sect.page_height.twips - sect.top_margin.twips - sect.bottom_margin.twips
    assert grid.get(f"{W}type") in ("lines", "linesAndChars") and int(grid.get(f"{W}linePitch")) == height // 22 == 579
    # 28 characters of 三号 in the 156 mm 版心: the body is condensed by 0.25 pt (15.75 pt a character)
    width = sect.page_width.twips - sect.left_margin.twips - sect.right_margin.twips
    normal = doc.styles["Normal"].element
    condensed = int(normal.rPr.find(f"{W}spacing").get(f"{W}val"))
    assert 28 * (320 + condensed) <= width < 29 * (320 + condensed) and doc.styles["Normal"].font.size.pt == 16
    # no space before or after any paragraph, from the defaults, a style or the paragraph itself
    styles = doc.styles.element
    spacings = [s for el in [styles.find(f"{W}docDefaults"), *styles.findall(f"{W}style")] for s in el.iter(f"{W}spacing")
                if s.getparent().tag == f"{W}pPr"] + list(doc.element.body.iter(f"{W}spacing"))
    assert spacings and all(s.get(f"{W}before", "0") == "0" and s.get(f"{W}after", "0") == "0" for s in spacings)
    assert all(not s.get(f"{W}beforeLines") and not s.get(f"{W}afterLines") for s in spacings)
    title = doc.paragraphs[0].paragraph_format  # the 二号 title takes one line of the grid, not two
    assert title.line_spacing.twips == 579 and title.line_spacing_rule.name == "EXACTLY"
    # page numbers: a PAGE field between 一字线, odd pages on the right, even pages on the left
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in ((sect.footer, "right"), (sect.even_page_footer, "left")):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(f"{W}instrText"))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert re.search(r"— .*PAGE.* —", "".join(t.text or "" for t in footer._element.iter() if t.tag in (f"{W}t", f"{W}instrText")))
        assert footer.paragraphs[0].alignment.name.lower() == side and 'w:sz w:val="28"' in xml  # 4号
        assert 'w:eastAsia="宋体"' in xml


def test_docx_tables_repeat_their_header_and_keep_with_their_caption(books, tmp_path):
    from docx import Document

    books("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "m.docx"))
    doc = Document(str(tmp_path / "m.docx"))
    body = list(doc.element.body)
    assert len(doc.tables) >= 5
    charts = 0
    for table in doc.tables:
        rows = table._tbl.findall(f"{W}tr")
        caption = body[body.index(table._tbl) - 1]
        text = "".join(t.text or "" for t in caption.iter(f"{W}t"))
        if text.startswith("图：") or caption.find(f".//{W}drawing") is not None:  # a chart: caption (legend), bars
            charts += 1
            assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
            assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in table._tbl.iter(f"{W}p"))  # kept together
            assert caption.find(f"{W}pPr/{W}keepNext") is not None
            continue
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)  # no row split across pages
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in rows[0].iter(f"{W}p"))  # header row not alone
        assert caption.tag == f"{W}p" and caption.find(f"{W}pPr/{W}keepNext") is not None  # caption not alone
    assert charts  # the 月报 draws its charts beside their tables, kept together too
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    dates = doc.tables[2] if doc.tables[2].rows[0].cells[0].text == "日期" else next(
        t for t in doc.tables if t.rows[0].cells[0].text == "日期")
    # a date column is wide enough for 2025-03-05 on one line of 小四 (10 × 0.6 em + the cell's margins)
    assert int(dates._tbl.find(f"{W}tblGrid/{W}gridCol").get(f"{W}w")) >= 10 * 144 + 216


def test_a_checklist_docx_has_the_same_layout(books, tmp_path):
    from docx import Document

    books("checklist", "template", "add", str(EXAMPLES / "templates" / "wuxing_dangzhibu.yaml"))
    rid = books("checklist", "start", "dangjian.wuxing", "--period", "2025").stdout.strip()
    books("checklist", "export", rid, str(tmp_path / "五星.docx"))
    doc = Document(str(tmp_path / "五星.docx"))
    sect = doc.sections[0]
    assert int(sect._sectPr.find(f"{W}docGrid").get(f"{W}linePitch")) == 579
    assert "PAGE" in "".join(t.text for t in sect.footer._element.iter(f"{W}instrText"))
    assert doc.tables and doc.tables[0]._tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


def test_unfilled_sections_say_so_without_a_shell_command(books, tmp_path):
    from docx import Document

    r = books("report", "plan", "--period", "2026", "-o", str(tmp_path / "p.docx"))
    text = "\n".join(p.text for p in Document(str(tmp_path / "p.docx")).paragraphs)
    assert "（待填写）" in text and "shequ" not in text and "note set" not in text
    assert "提示：“指导思想”有待填写的内容，可运行：shequ report note set plan 2026 指导思想 文件" in r.stderr
    quiet = books("report", "plan", "--period", "2026", "-o", str(tmp_path / "q.docx"), "-q")
    assert quiet.stderr == ""  # cron: nothing on success


def test_the_plan_gives_its_schedule_once_as_prose_by_month(books, tmp_path):
    import json

    plan = json.loads(books("report", "plan", "--period", "2026", "-f", "json").stdout)
    schedule = next(s for s in plan["sections"] if s["title"] == "全年工作安排")
    assert schedule["tables"] == []  # the source's plans are prose: 一月份，…… 二月份，……
    months = [p for p in schedule["paragraphs"] if re.match(r"[一二三四五六七八九十]+月份：", p)]
    assert len(months) == 12 and "党员活动日（01-07）" in months[0]
    md = books("report", "plan", "--period", "2026", "-f", "md").stdout
    assert md.count("党员活动日（01-07）") == 1


@needs_soffice
def test_docx_renders_28_characters_by_22_lines_with_page_numbers(books, tmp_path):
    """LibreOffice's rendering, measured: page numbers ``— N —`` on every page, 28 CJK characters
    on a full line and 22 lines on a full page (a 指导思想 long enough to fill two pages)."""
    words = "坚持以人民为中心的发展思想全面加强社区治理服务居民群众"
    (tmp_path / "note.txt").write_text("".join(words[i % len(words)] for i in range(1800)), "utf-8")
    books("report", "note", "set", "plan", "2026", "指导思想", str(tmp_path / "note.txt"))
    books("report", "plan", "--period", "2026", "-o", str(tmp_path / "plan.docx"))
    pages = pdf_pages(to_pdf(tmp_path / "plan.docx", tmp_path))
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        last = [line for line in page.splitlines() if line.strip()][-1]
        assert re.fullmatch(rf"\s*—\s*{n}\s*—\s*", last), (n, last)  # odd pages right, even left
        assert (last.index("—") > 14) == (n % 2 == 1)  # (columns of the 28-character body)
    first = [line.strip() for line in pages[0].splitlines() if line.strip()][:-1]
    assert len(first) == 21  # title, (a blank line), heading and 19 lines of the note: 22
    body = [line.strip() for line in pages[1].splitlines() if line.strip()][:-1]  # page 2: the note only
    assert len(body) == 22
    assert all(len(line) == 28 and set(line) <= set(words) for line in body)


# -- Excel -----------------------------------------------------------------------------------
def cells(ws, header: str, first: int = 3) -> list:
    col = [c.value for c in ws[2]].index(header) + 1
    return [ws.cell(r, col) for r in range(first, ws.max_row + 1)]


def test_report_workbook_money_is_numbers_and_dates_are_dates(books, tmp_path):
    from openpyxl import load_workbook

    books("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "m.xlsx"))
    wb = load_workbook(tmp_path / "m.xlsx")
    money = cells(wb["收支分类"], "金额（元）")
    assert money and all(c.data_type == "n" and c.number_format == "#,##0.00" for c in money)  # SUM works, 28,634.10
    r = __import__("json").loads(books("report", "monthly", "--period", "2025-03", "-f", "json").stdout)
    net = next(s for s in r["sections"] if s["title"] == "经费收支")["figures"]["net"]
    assert Decimal(str(money[-1].value)).quantize(Decimal("0.01")) == Decimal(net)  # the 合计 row is the 结余
    dates = cells(wb["活动明细"], "日期")
    assert dates and all(isinstance(c.value, datetime) and c.number_format == "yyyy\\-mm\\-dd" for c in dates)
    counts = cells(wb["各条线活动"], "活动次数")
    assert all(isinstance(c.value, int) for c in counts)


def test_ledger_workbooks_keep_voided_amounts_out_of_the_sums(books, tmp_path):
    from openpyxl import load_workbook

    key = books("ledger", "add", "--date", "2025-06-02", "--amount", "500", "--out", "--account", "支出:社区教育",
                "--memo", "重复录入").stdout.strip()  # the new entry's id
    books("ledger", "void", key, "--reason", "重复录入")
    books("ledger", "export", str(tmp_path / "公开.xlsx"), "--period", "2025")
    books("report", "ledger-book", "--period", "2025", "-o", str(tmp_path / "book.xlsx"))
    public = load_workbook(tmp_path / "公开.xlsx")["财务公开"]
    totals = {public.cell(r, 2).value: public.cell(r, 4) for r in range(3, public.max_row + 1)}
    assert totals["收入合计"].number_format == "#,##0.00" and totals["收入合计"].data_type == "n"
    for path in ("公开.xlsx", "book.xlsx"):
        reg = load_workbook(tmp_path / path)["收支明细"]
        heads = [c.value for c in reg[2]]
        assert heads[:6] == ["序号", "编号", "日期", "收支", "金额", "作废金额"]
        rows = [dict(zip(heads, r)) for r in reg.iter_rows(min_row=3, values_only=True)]
        void = next(r for r in rows if r["编号"] == key)  # the id ledger show / void take, as text
        assert void["金额"] is None and void["作废金额"] == 500 and void["备注"] == "作废：重复录入"
        assert isinstance(void["日期"], datetime)
        for side in ("收入", "支出"):  # SUMIF(收支, …, 金额) is the 公开表's total
            got = sum(Decimal(str(r["金额"])) for r in rows if r["收支"] == side and r["金额"] is not None)
            assert got.quantize(Decimal("0.01")) == Decimal(str(totals[f"{side}合计"].value)).quantize(Decimal("0.01"))
        assert all(c.number_format == "#,##0.00" for c in cells(reg, "金额") if c.value is not None)
        assert all(c.data_type == "s" for c in cells(reg, "编号"))
    books("ledger", "export", str(tmp_path / "x.csv"), "--period", "2025")
    assert (tmp_path / "x.csv").read_text("utf-8-sig").startswith("序号,编号,日期,")  # the id in every export


def assert_printable(ws, wide: bool | None = None) -> None:
    """A4, one page wide (as many down as it takes), title and header rows on every page, borders."""
    ps = ws.page_setup
    assert ps.paperSize == 9 and ps.fitToWidth == 1 and ps.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows in ("$1:$2", "1:2")
    if wide is not None:
        assert (ps.orientation == "landscape") == wide, ws.title
    if ws.max_row >= 3:
        assert all(c.border.left.style == "thin" for c in ws[3])
    assert "&P" in ws.oddFooter.center.text


def test_every_handed_in_workbook_prints_on_a4_one_page_wide(books, tmp_path):
    from openpyxl import load_workbook

    books("report", "monthly", "--period", "2025-03", "-o", str(tmp_path / "m.xlsx"))
    books("report", "ledger-book", "--period", "2025", "-o", str(tmp_path / "book.xlsx"))
    books("ledger", "export", str(tmp_path / "公开.xlsx"), "--period", "2025")
    books("people", "export", str(tmp_path / "名单.xlsx"))
    books("calendar", "export", str(tmp_path / "活动.xlsx"), "--period", "2025")
    books("record", "add", "demo.item", "--field", "title=一", "--field", "amount=1234.50", "--field", "day=2025-03-05")
    books("record", "export", "demo.item", str(tmp_path / "记录.xlsx"))
    books("checklist", "template", "add", str(EXAMPLES / "templates" / "wuxing_dangzhibu.yaml"))
    rid = books("checklist", "start", "dangjian.wuxing", "--period", "2025").stdout.strip()
    books("checklist", "export", rid, str(tmp_path / "五星.xlsx"))
    for name in ("m", "book", "公开", "名单", "活动", "记录", "五星"):
        for ws in load_workbook(tmp_path / f"{name}.xlsx"):
            assert_printable(ws, wide=True if ws.max_column > 8 else None)
    roster = load_workbook(tmp_path / "名单.xlsx").active
    assert roster.max_column > 8 and roster.page_setup.orientation == "landscape"
    assert all(isinstance(c.value, datetime) for c in cells(roster, "出生日期") if c.value)
    assert all(c.data_type == "s" for c in cells(roster, "身份证号") + cells(roster, "联系电话") if c.value)
    record = load_workbook(tmp_path / "记录.xlsx").active
    amount, day = cells(record, "金额")[0], cells(record, "日期")[0]
    assert amount.value == 1234.5 and amount.number_format == "#,##0.00" and isinstance(day.value, datetime)
    five = load_workbook(tmp_path / "五星.xlsx").active
    criteria = cells(five, "标准/项目")
    assert all(c.alignment.wrap_text for c in criteria)  # long criteria wrap instead of being cut
    width = five.column_dimensions["B"].width
    long = max(criteria, key=lambda c: len(str(c.value or "")))
    assert 2 * len(long.value) > width and five.row_dimensions[long.row].height >= 30  # and their row is tall enough
    assert all(isinstance(c.value, int) for c in cells(five, "分值") if c.value not in (None, ""))


@needs_soffice
def test_a_wide_roster_prints_landscape_one_page_wide(books, tmp_path):
    """17 columns used to spill over three pages across; fitted to the width, every printed page
    holds whole rows — its first and last columns both — on A4 landscape."""
    books("people", "export", str(tmp_path / "名单.xlsx"))
    pdf = to_pdf(tmp_path / "名单.xlsx", tmp_path)
    sizes = page_sizes(pdf)
    assert sizes and all(abs(w - 841.89) < 1 and abs(h - 595.28) < 1 for w, h in sizes)  # A4 landscape
    pages = pdf_pages(pdf)
    assert len(pages) == len(sizes) > 1
    numbers = []
    for page in pages:  # the header row repeats, whole: no page of spilled columns
        assert "序号" in page and "备注" in page and "身份证号" in page
        numbers += [int(m[1]) for m in re.finditer(r"(?m)^\s*(\d+)\s+\S", page)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 250  # every row once, in order, down the pages
