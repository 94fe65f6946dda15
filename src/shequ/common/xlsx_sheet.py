"""The rows of a plain worksheet, scanned (common/xlsx_scan.py): each row as the texts of its cells.

A row's cells are matched one after the other by patterns that take only their plain forms
(``_COMMON_CELLS``, then ``_CELLS``), and its markup learnt (``_Shape``): the next rows with the
same markup, most of a roster, are read with one match each.  Anything else raises ``Unusual``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from operator import itemgetter
from typing import Any, Iterator

from shequ.common.xlsx_scan import (ATTRS, COLUMNS, DECODED, DIMENSION, Part, Unusual, as_text, attributes, column,
                                    dimension, unescape)

# A cell: its column's letters, its other attributes, its <v> and its inline <t> (a formula is
# passed over); else any one character (the last group), so that whatever is not a cell shows.
_CELLS = re.compile(r'<c(?: r="([A-Z]{1,3})[1-9][0-9]*")?' + ATTRS
                    + r'(?:/>|>(?:<f(?: [A-Za-z_][A-Za-z0-9_.-]*="[^"<&\t\n]*")*(?:/>|>[^<]*</f>))?'
                      r'(?:<v>([^<]*)</v>|<v/>)?(?:<is><t(?: xml:space="preserve")?>([^<]+)</t></is>)?</c>)|(.)', re.S)
# The same for the cells most files hold, tried first (a cell with a reference, a value or text).
# (Its inline text, then its <v>: the groups in the order of _CELLS, the forms most common first.)
_COMMON_CELLS = re.compile(r'<c r="([A-Z]{1,3})[1-9][0-9]*"([^>/]*)(?:><is><t(?: xml:space="preserve")?>([^<]+)</t></is></c>'
                           r'|><v>([^<]*)</v></c>|></c>|/>)|(.)', re.S)
_ROW_TAG = re.compile(r'<row(?: r="([0-9]+)")?' + ATTRS + "(/?)>")
_LETTERS = tuple(chr(65 + i) for i in range(26)) + tuple(chr(65 + i) + chr(65 + j) for i in range(26) for j in range(26))
_DAY = timedelta(days=1)


class _Past(Exception):
    """A row past the dimension's last row: openpyxl stops there."""


class Sheet:
    """The rows of a plain worksheet, as xlsx_read's ``_rows`` reads them element by element
    (rows left out, numbers going back, a <dimension>), each as its cells' texts (:func:`as_text`
    of the values openpyxl reads: what an import reads)."""

    def __init__(self, source: Any, state: tuple[Any, ...]) -> None:
        self.part = Part(source, "<sheetData>", "</sheetData>", "</row>", ("worksheet", "sheetData"))
        self.max_col = self.max_row = None
        self.empty: Any = ()  # a row the file leaves out, or without cells (shared: never changed)
        dims = [e for e in self.part.elements if e.tag == DIMENSION]
        if dims:
            self.max_col, self.max_row = dimension(dims[0].get("ref"))
            self.empty = ("",) * self.max_col
        self.out: list[Any] = []
        self.counter, self.idx = 1, 0
        self.state = state
        self.row_attrs: set[str] = {""}
        self.plans: dict[tuple[str, ...], Any] = {}
        self.days: dict[str, str] = {}  # a whole-day date's text, by its <v>
        self.shapes: list[_Shape] = []  # the rows' markup, learnt (the most used first)
        self.learnt = self.misses = 0  # shapes learnt (or tried), rows read cell by cell

    def rows(self) -> Iterator[Any]:
        """The rows, handed over a chunk of the file (up to 256 KB) at a time."""
        out, shapes = self.out, self.shapes
        try:
            for seg in self.part.body():
                pieces = seg.split("</row>")
                last = pieces.pop()
                for piece in pieces:
                    for k, shape in enumerate(shapes):  # a row whose markup was learnt: one match
                        m = shape.match(piece)
                        if m is not None:
                            if k:  # one place up: the shapes most used come first
                                shapes[k - 1], shapes[k] = shape, shapes[k - 1]
                            groups = m.groups()
                            if self._next(groups[0]):
                                out.append(shape.row(groups, piece, self))
                            break
                    else:
                        self._piece(piece, True)
                if last:
                    self._piece(last, False)
                yield from out
                out.clear()
            self.part.finish()
        except _Past:
            pass
        yield from out
        if self.max_row is not None and self.max_row < self.idx:
            yield from [self.empty] * (self.max_row + 1 - self.counter)

    def _piece(self, piece: str, closed: bool) -> None:
        """Rows without cells (``<row/>``), then (if *closed*) one row whose ``</row>`` was cut off."""
        pos, n = 0, len(piece)
        while True:
            m = _ROW_TAG.match(piece, pos)
            if m is None:
                raise Unusual
            r, attrs, alone = m.groups()
            if attrs not in self.row_attrs:
                attributes(attrs, self.part.prefixes)
                self.row_attrs.add(attrs)
            pos = m.end()
            if not alone:
                if not closed:
                    raise Unusual
                if self._next(r):
                    self.out.append(self._cells(piece[pos:], r and f'<row r="{r}"{attrs}>') if pos < n else self.empty)
                return
            if self._next(r):
                self.out.append(self.empty)
            if pos == n:
                if closed:
                    raise Unusual
                return

    def _next(self, r: str | None) -> bool:
        """Whether row *r* (its number; None: the one after the last) is given: after the rows the
        file leaves out, unless a row of that number was given already (openpyxl's reading)."""
        idx = self.idx = int(r) if r else self.idx + 1
        if self.max_row is not None and idx > self.max_row:
            raise _Past
        while self.counter < idx:  # rows the file leaves out
            self.out.append(self.empty)
            self.counter += 1
        if self.counter > idx:
            return False
        self.counter += 1
        return True

    def _cells(self, content: str, tag: str | None) -> list[str]:
        """A row's texts, read a cell at a time; its markup learnt, if it is common and its row
        *tag* has a number."""
        letters, attrs, ts, vs, other = zip(*_COMMON_CELLS.findall(content))
        common = not any(other)
        if not common:
            letters, attrs, vs, ts, other = zip(*_CELLS.findall(content))
            if any(other):
                raise Unusual  # something between the cells
        n = len(letters)
        plan = self.plans.get(attrs)
        if plan is None:
            plan = self.plans[attrs] = self._plan(attrs)
        values = list(ts)
        _decode(values, plan[1], "\x00".join(ts))
        self._texts(values, vs, plan[0])
        max_col = self.max_col
        if letters == _LETTERS[:n] or not any(letters):  # columns 1, 2, 3 …
            width = max_col or n
            row = values if width == n else values + [""] * (width - n) if width > n else values[:width]
        else:
            placed: list[int] = []
            col = 0
            for ref in letters:
                col = (COLUMNS.get(ref) or column(ref + "1")) if ref else col + 1
                placed.append(col)
            width = max_col or col
            row = [""] * width
            for col, value in zip(placed, values):
                if 1 <= col <= width:
                    row[col - 1] = value
        self.misses += 1
        if self.misses > _GIVE_UP and 2 * self.misses > self.counter:  # most rows differ: no shapes
            self.shapes.clear()
            self.learnt = _LEARNT
        elif tag and common and len(self.shapes) < _SHAPES and self.learnt < _LEARNT:
            self.learnt += 1
            shape = _Shape.of(tag, content, letters, plan, width)
            if shape is not None:
                self.shapes.append(shape)
        return row

    def _texts(self, values: list[Any], vs: Any, cells: list[tuple[Any, ...]]) -> None:
        """The cells that are not inline text, from their <v>s: ``as_text`` of their value, without
        making the value where the text is in the file already."""
        state = self.state
        for i, kind, style, date, number in cells:
            v = vs[i]
            if number:
                values[i] = _number(v, style, state)
            elif date:
                values[i] = self._day(v, style)
            else:
                values[i] = as_text(_value_of(kind, style, v, state))

    def _day(self, v: str, style: int) -> str:
        """The text of a cell showing a date (a birth date): a whole day's is worked out once."""
        if (t := self.days.get(v)) is None:
            if v.isdigit() and 60 <= (whole := int(v)) <= 2958465:
                t = (self.state[3] + _DAY * whole).date().isoformat()  # from_excel's, sooner
                if len(self.days) < 65536:
                    self.days[v] = t
            else:
                t = as_text(_value_of("n", style, v, self.state))
        return t

    def _plan(self, attrs: tuple[str, ...]) -> tuple[list[tuple[int, str, Any, bool, bool]], list[int]]:
        """For a row's cells' attributes: the cells that are not inline text (with their type,
        style, whether they show a date, and whether they are a plain number), and those that are."""
        others, inline = [], []
        for i, text in enumerate(attrs):
            a = attributes(text, self.part.prefixes)
            kind, style = a.get("t", "n"), a.get("s", 0)
            if kind == "inlineStr":
                inline.append(i)
            else:
                style = int(style) if style else style
                _, dates, timedeltas, _ = self.state
                date = kind == "n" and style in dates and style not in timedeltas
                others.append((i, kind, style, date, kind == "n" and style not in dates))
        return others, inline


def _decode(values: list[str], inline: Any, raw: str) -> None:
    """The inline texts among *values* as XML reads them (*raw*: the file's text of them, or
    more); Unusual where one holds an escape (_x000D_) openpyxl's Text would decode."""
    if "&" in raw:
        decoded = DECODED
        for i in inline:
            if "&" in (t := values[i]):
                values[i] = decoded.get(t) or unescape(t)
        # "_x" as the file has it, or as a reference (&#95;x) gives it
        escape = "_x" in raw or "&#95;" in raw or "&#x5" in raw
    else:
        escape = "_x" in raw
    if escape and any("_x" in values[i] for i in inline):
        raise Unusual


#: Shapes a sheet keeps, and tries to learn at most: a roster's rows take a few (which columns
#: are empty).  Where most rows match none past _GIVE_UP of them, all are read cell by cell.
_SHAPES, _LEARNT, _GIVE_UP = 8, 32, 256
# A common cell's column, attributes and markup after them (and the opening of an inline text)
_FORMS = re.compile(r'<c r="([A-Z]{1,3})[1-9][0-9]*"([^>/]*)(/>|></c>|><v>[^<]*</v></c>'
                    r'|(><is><t(?: xml:space="preserve")?>)[^<]+</t></is></c>)')


class _Shape:
    """The markup of a row's cells, learnt from a row read cell by cell: a row with the same markup
    (most of a roster: the same columns filled, with the same styles) is read with one match,
    not a match and a tuple for every cell, and its values put in place by one getter."""

    __slots__ = ("match", "getter", "inline", "numbers", "days", "others")

    @classmethod
    def of(cls, tag: str, content: str, letters: tuple[str, ...], plan: Any, width: int) -> _Shape | None:
        """The shape of a row (its *tag* ``<row r="N" …>``, then common cells: *letters* their
        columns, *plan* their types), or None where its cells overlap or fall outside its *width*.
        Its first group is the row's number."""
        others, inline = plan
        kinds: dict[int, Any] = {cell[0]: cell for cell in others} | {i: "t" for i in inline}
        forms = _FORMS.findall(content)
        if len(forms) != len(letters):
            return None
        shape = cls()
        shape.numbers, shape.days, shape.others = [], [], []
        pattern = ['<row r="([0-9]+)"' + re.escape(tag.split('"', 2)[2])]  # its attributes and ">"
        at: list[int | None] = [None] * width  # for each column, the group of its cell's value
        groups = 1
        for i, (ref, attrs, form, opening) in enumerate(forms):
            col = COLUMNS.get(ref) or column(ref + "1")
            if not 1 <= col <= width or at[col - 1] is not None:
                return None
            cell = kinds[i]
            if form.startswith("><v>"):
                before, value, after = "><v>", "[^<]*", "</v></c>"
                read = cell != "t"  # an inline text's <v> is not read
                if read:
                    _, kind, style, date, number = cell
                    if number:  # 序号, 年龄
                        shape.numbers.append((col - 1, style))
                    elif date:  # 出生日期
                        shape.days.append((col - 1, style))
                    else:
                        shape.others.append((col - 1, kind, style, date, number))
            elif opening:
                before, value, after = opening, "[^<]+", "</t></is></c>"
                read = cell == "t"  # a number's <is> is not read
            else:  # no value: "/>", "></c>"
                before, value, after, read = form, "", "", False
            pattern.append(re.escape(f'<c r="{ref}') + "[1-9][0-9]*" + re.escape(f'"{attrs}{before}')
                           + (f"({value})" if read else value) + re.escape(after))
            at[col - 1] = groups if read else -1
            groups += read
        shape.match = re.compile("".join(pattern) + "()").fullmatch
        slots = [groups if g is None or g < 0 else g for g in at]  # the last group is always ""
        shape.getter = itemgetter(*slots) if len(slots) > 1 else lambda g, s=slots[0]: (g[s],)
        shape.inline = [(COLUMNS.get(letters[i]) or column(letters[i] + "1")) - 1 for i in inline]
        return shape

    def row(self, groups: tuple[str, ...], content: str, sheet: Sheet) -> list[str]:
        values = list(self.getter(groups))
        if self.inline:
            _decode(values, self.inline, content)
        for i, style in self.numbers:
            values[i] = _number(values[i], style, sheet.state)
        for i, style in self.days:
            values[i] = sheet._day(values[i], style)
        if self.others:
            sheet._texts(values, values, self.others)
        return values


def _number(v: str, style: Any, state: tuple[Any, ...]) -> str:
    """The text of a number that does not show a date: its <v> as it stands if that is an integer
    written plainly (序号, 年龄), else ``as_text`` of its value (3.5, 1E3, 007)."""
    if v.isdigit() and v.isascii() and (v[0] != "0" or len(v) == 1):
        return v
    return as_text(_value_of("n", style, v, state))


def _value_of(kind: str, style: Any, v: str, state: tuple[Any, ...]) -> Any:
    """``_value`` of a cell that is not inline text, from its ``<v>``."""
    if not v:
        return None
    if "&" in v:
        v = unescape(v)
    if kind == "n":
        value = float(v) if "." in v or "E" in v or "e" in v else int(v)
        strings, dates, timedeltas, epoch = state
        if style in dates:  # (a whole day in plain digits is worked out in Sheet._day)
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(value, epoch, timedelta=style in timedeltas)
            except (OverflowError, ValueError):
                raise Unusual from None
        return value
    return _VALUES[kind](v, state[0]) if kind in _VALUES else v


def _iso(v: str, strings: Any) -> Any:
    from openpyxl.utils.datetime import from_ISO8601

    return from_ISO8601(v)


_VALUES = {"s": lambda v, strings: strings[int(v)], "b": lambda v, strings: bool(int(v)), "d": _iso}
