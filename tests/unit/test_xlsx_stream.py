"""xlsx exports stream a sheet's rows into the zip: never the whole sheet's XML in memory, the same
bytes as a sheet built whole, written owner-only and atomically."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from shequ.common.exporting import export_rows
from shequ.common.output import Column
from shequ.common.xlsx import CHUNK_ROWS, Sheet, _member, _sheet_parts, stream_xlsx, write_xlsx

COLUMNS = [Column(k, h) for k, h in [("name", "姓名"), ("id", "身份证号"), ("born", "出生日期"), ("phone", "电话"),
                                     ("address", "住址"), ("amount", "金额"), ("note", "备注")]]


def people(n: int) -> list[dict]:
    return [{"name": f"居民{i}", "id": f"1101051949{i:08d}", "born": date(1940 + i % 60, 1 + i % 12, 1 + i % 28).isoformat(),
             "phone": f"138{i:08d}", "address": f"幸福路{i % 300}号{i % 7}单元{i % 30}室", "amount": Decimal(f"{i}.50"),
             "note": "" if i % 3 else "独居\n需要每周探访"} for i in range(n)]


def export_peak(path, rows) -> tuple[int, int]:
    """The peak of memory Python allocated while exporting *rows*, and the size of the sheet's XML."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        export_rows(path, rows, COLUMNS, title="花名册", text_keys={"id", "phone"})
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(path) as zf:
        return peak, zf.getinfo("xl/worksheets/sheet1.xml").file_size


def test_an_export_never_holds_the_sheet_xml_whole(tmp_path, monkeypatch):
    """Before: the sheet's XML was joined whole, encoded, then zipped in memory, so each row
    cost about three times its XML; now a row costs its converted values (~250 bytes)."""
    from shequ.common import xlsx

    monkeypatch.setattr(xlsx, "CHUNK_ROWS", 100, raising=False)
    rows = people(5000)
    export_rows(tmp_path / "warm.xlsx", rows[:10], COLUMNS)  # the modules it imports are not what is measured
    small, small_xml = export_peak(tmp_path / "a.xlsx", rows[:2000])
    big, big_xml = export_peak(tmp_path / "b.xlsx", rows)
    assert big_xml - small_xml > 1_000_000
    assert big - small < (big_xml - small_xml) * 0.6, (big - small, big_xml - small_xml)


def test_streaming_gives_the_bytes_of_the_sheet_built_whole():
    rows = [[n, r["name"], r["id"], date.fromisoformat(r["born"]), r["amount"], r["note"]]
            for n, r in enumerate(people(3 * CHUNK_ROWS + 7), start=1)]
    sheets = [Sheet("名单", ["序号", "姓名", "身份证号", "出生日期", "金额", "备注"], rows, title="花名册", text_columns=frozenset({2})),
              Sheet("空", ["x"], [])]
    whole = io.BytesIO()
    streamed = io.BytesIO()
    stream_xlsx(streamed, sheets)
    # The reference: each sheet's XML joined and written in one piece, as before.
    from shequ.common import xlsx

    calls = []
    real = xlsx._sheet_parts
    xlsx._sheet_parts = lambda s: (calls.append(1), [("".join(real(s)))])[1]
    try:
        stream_xlsx(whole, sheets)
    finally:
        xlsx._sheet_parts = real
    assert len(calls) == 2
    assert streamed.getvalue() == whole.getvalue() == write_xlsx(sheets)
    assert len(list(_sheet_parts(sheets[0]))) == 1 + 3 + 1  # head, three full chunks, the rest and the tail
    with zipfile.ZipFile(streamed) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert not any(i.flag_bits & 0x08 for i in zf.infolist())  # sizes in the headers, no data descriptors


def test_export_replaces_an_open_file_privately_and_a_failed_one_leaves_it(tmp_path):
    target = tmp_path / "名单.xlsx"
    target.write_bytes(b"old")
    os.chmod(target, 0o666)
    export_rows(target, people(3), COLUMNS)
    assert os.stat(target).st_mode & 0o777 == 0o600 and zipfile.is_zipfile(target)
    good = target.read_bytes()

    class Boom(Exception):
        pass

    from shequ.common.output import write_stream

    def half(out):
        out.write(b"PK half a workbook")
        raise Boom

    with pytest.raises(Boom):
        write_stream(target, half)
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["名单.xlsx"]  # no .名单.xlsx.tmp-… left


def test_member_is_a_fixed_date_deflated_entry():
    info = _member("a.xml")
    assert info.date_time == (1980, 1, 1, 0, 0, 0) and info.compress_type == zipfile.ZIP_DEFLATED


def test_rows_made_on_demand_give_the_same_bytes_and_are_never_held(tmp_path):
    """A 200k-resident register is exported from rows made as they are written (LazyRows):
    the same workbook as from a list, and the rows' memory is not held."""
    from shequ.common.exporting import LazyRows

    rows = people(4000)
    made = []
    lazy = LazyRows(len(rows), lambda k: (made.append(k), dict(rows[k]))[1])
    export_rows(tmp_path / "list.xlsx", rows, COLUMNS, title="花名册", text_keys={"id", "phone"})
    export_rows(tmp_path / "lazy.xlsx", lazy, COLUMNS, title="花名册", text_keys={"id", "phone"})
    assert (tmp_path / "lazy.xlsx").read_bytes() == (tmp_path / "list.xlsx").read_bytes()
    assert len(made) == 2 * len(rows)  # two passes (the layout, the XML), each row made anew
    assert lazy[-1] == rows[-1] and lazy[1:3] == rows[1:3] and len(lazy) == 4000
    with pytest.raises(IndexError):
        lazy[4000]
    export_rows(tmp_path / "warm.xlsx", LazyRows(10, rows.__getitem__), COLUMNS)
    small, _ = export_peak(tmp_path / "a.xlsx", LazyRows(1000, lambda k: dict(rows[k])))
    big, _ = export_peak(tmp_path / "b.xlsx", LazyRows(4000, lambda k: dict(rows[k])))
    assert big - small < 3000 * 150, big - small  # a held converted row costs ~250 bytes


def _layout_per_column(sheet):
    """The layout's definition, a column at a time (how it was computed before the one-pass loop)."""
    from shequ.common.xlsx import _shown, display_width

    ncols = len(sheet.headers)
    need, longest = [], []
    for i in range(ncols):
        values = [r[i] for r in sheet.rows if i < len(r)]
        most = max([0] + [max(map(display_width, _shown(v).split("\n"))) for v in values[:300]])
        need.append(max(most, min(display_width(str(sheet.headers[i])), 8 if ncols > 8 else 12), 4) + 2)
        for v in values[300:]:
            if v.__class__ is str and 2 * len(v) > most:
                most = max(most, display_width(v))
        longest.append(most + (1000 if any(v.__class__ is str and "\n" in v for v in values) else 0))
    return need, longest


from hypothesis import given, settings, strategies as st  # noqa: E402

cell = st.one_of(st.none(), st.integers(-5, 10**6), st.text("ab居民\n路1", max_size=30), st.booleans(),
                 st.just(date(2025, 3, 1)))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 10), st.lists(st.lists(cell, max_size=10), max_size=700), st.integers(0, 699))
def test_the_one_pass_layout_is_the_per_column_definition(ncols, rows, long_at):
    from shequ.common import xlsx

    headers = [f"列{i}" for i in range(ncols)]
    if rows:  # a long text far down, which must still widen (and wrap) its column
        rows[min(long_at, len(rows) - 1)] = ["很长的住址文字" * 5] * ncols
    sheet = Sheet("s", headers, rows)
    assert xlsx._needs(sheet) == _layout_per_column(sheet)


def test_the_layout_sees_text_far_down_and_short_rows():
    from shequ.common import xlsx

    rows = [["张三", "幸福路1号", 12] for _ in range(600)]
    rows[450] = ["张三", "第一行\n第二行", 12]  # a line break only far down: the column wraps
    rows[500] = ["张三", "很长的住址文字" * 6, 12]  # wider text far down
    rows += [["李四"]] * 400  # short rows: the first 300 values of a column are its own
    rows[650] = ["很长的名字" * 3]
    sheet = Sheet("s", ["姓名", "住址", "年龄"], rows)
    need, longest = xlsx._needs(sheet)
    assert (need, longest) == _layout_per_column(sheet)
    assert longest[1] > 1000 and longest[1] - 1000 == xlsx.display_width("很长的住址文字" * 6)
