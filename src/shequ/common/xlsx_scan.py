"""The scan: a plain xlsx part (what shequ, openpyxl and Excel write) read with regular expressions.

The markup around the records (the sheet's <sheetData>, the string table's <si>s) goes through a
real XML parser: the document's encoding, well-formedness, namespaces, a <dimension>.  The records
themselves are matched whole, one after the other, by patterns that take only the plain forms;
whatever they do not match — a comment, CDATA, a prefixed or re-declared namespace, single quotes,
white space between elements, a raw CR or control character, an entity other than the XML five
and character references — raises ``Unusual``, and the part is read element by element instead
(common/xlsx_read.py, which gives the rows to the rest of shequ).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Iterator

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DIMENSION = NS + "dimension"


class Unusual(Exception):
    """A cell or a part these readers leave to the next one (in the end, openpyxl)."""


_COLUMNS: dict[str, int] = {}


def column(ref: str) -> int:
    """The column of the cell reference *ref* (``coordinate_to_tuple(ref)[1]``)."""
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    if col is None:
        if _PLAIN_REF.fullmatch(ref):
            col = 0
            for letter in letters:
                col = 26 * col + ord(letter) - 64
        else:  # "$A$1", "a1", "A0": openpyxl decides
            from openpyxl.utils.cell import coordinate_to_tuple

            col = coordinate_to_tuple(ref)[1]
        _COLUMNS[letters] = col
    return col


def dimension(ref: str | None) -> tuple[int, int]:
    """The last column and row of a <dimension>'s *ref* (``SheetDimension.boundaries[2:]``),
    in its plain forms ("A1:Q20002", "A1")."""
    m = _DIMENSION_REF.fullmatch(ref or "")
    if m is None:
        raise Unusual
    first, last = column(m[1] + m[2]), column((m[3] or m[1]) + "1")
    if last < first or (m[4] and int(m[4]) < int(m[2])):
        raise Unusual
    return last, int(m[4] or m[2])


_PLAIN_REF = re.compile(r"[A-Z]{1,3}[1-9][0-9]*")
_DIMENSION_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]*)(?::([A-Z]{1,3})([1-9][0-9]*))?")
_DAY = timedelta(days=1)
_CHUNK = 1 << 18  # characters read at a time, at most (about 250 rows: they are handed over as each is read)
_FIRST = 1 << 16  # … and at first: the header row is found without reading a thousand rows
_ATTRS = r'((?: [A-Za-z_][A-Za-z0-9_.:-]*="[^"<&\t\n]*")*)'
# A cell: its column's letters, its other attributes, its <v> and its inline <t> (a formula is
# passed over); else any one character (the last group), so that whatever is not a cell shows.
_CELLS = re.compile(r'<c(?: r="([A-Z]{1,3})[1-9][0-9]*")?' + _ATTRS
                    + r'(?:/>|>(?:<f(?: [A-Za-z_][A-Za-z0-9_.-]*="[^"<&\t\n]*")*(?:/>|>[^<]*</f>))?'
                      r'(?:<v>([^<]*)</v>|<v/>)?(?:<is><t(?: xml:space="preserve")?>([^<]+)</t></is>)?</c>)|(.)', re.S)
# The same for the cells most files hold, tried first (a cell with a reference, a value or text).
# (Its inline text, then its <v>: the groups in the order of _CELLS, the forms most common first.)
_COMMON_CELLS = re.compile(r'<c r="([A-Z]{1,3})[1-9][0-9]*"([^>/]*)(?:><is><t(?: xml:space="preserve")?>([^<]+)</t></is></c>'
                           r'|><v>([^<]*)</v></c>|></c>|/>)|(.)', re.S)
_ROW_TAG = re.compile(r'<row(?: r="([0-9]+)")?' + _ATTRS + "(/?)>")
_SI = re.compile(r'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>')
_LETTERS = tuple(chr(65 + i) for i in range(26)) + tuple(chr(65 + i) + chr(65 + j) for i in range(26) for j in range(26))
_ATTRS_RE = re.compile(_ATTRS)
_ATTR = re.compile(r' ([^=]+)="([^"]*)"')
# CR (XML reads it as LF) and the characters XML forbids, as they stand in the file
_FORBIDDEN = ("]]>", "\r", "\ufffe", "\uffff", *map(chr, (*range(9), 11, 12, *range(14, 32))))
_REF_RUN = re.compile(r"&#[0-9]{1,7};(?:&#[0-9]{1,7};)*")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _code_point(n: int) -> str:
    if not (n in (9, 10, 13) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF):
        raise Unusual  # a character XML forbids: the parser would stop
    return chr(n)


def _entity(m: Any) -> str:
    return _NAMED[m[1]] if m[1] else _code_point(int(m[2]) if m[2] else int(m[3], 16))


def _ref_run(m: Any) -> str:
    """A run of decimal character references (openpyxl writes every non-ASCII character as one)."""
    text = "".join(map(chr, map(int, m[0][2:-1].split(";&#"))))
    if _NOT_XML.search(text):
        raise Unusual  # a character XML forbids: the parser would stop
    return text


_DECODED: dict[str, str] = {}  # the values seen most (性别, 网格, 户籍 …), decoded once


def _unescape(text: str) -> str:
    """The text of an element as XML reads it (the document defines no entities of its own)."""
    done = _DECODED.get(text)
    if done is None:
        done = _REF_RUN.sub(_ref_run, text)
        if "&" in done:
            if "&" in _ENTITY.sub("", text):
                raise Unusual  # an entity the document would have to define
            done = _ENTITY.sub(_entity, text)
        if len(_DECODED) < 4096:
            _DECODED[text] = done
    return done


def _segment(text: str) -> str:
    """*text*, checked for what an XML parser would refuse or change."""
    if any(bad in text for bad in _FORBIDDEN):
        raise Unusual
    return text


class _Part:
    """An XML part read in chunks: the markup before *start* (<sheetData> included) and from
    *end* on goes through an XML parser; ``body()`` gives the text between as strings of whole
    records, each string ending just after a *cut* (but the last)."""

    def __init__(self, source: Any, start: str, end: str, cut: str, path: tuple[str, ...]) -> None:
        import io
        from xml.etree.ElementTree import XMLPullParser

        self.text = io.TextIOWrapper(source, encoding="utf-8", newline="")
        self.parser = XMLPullParser(("start", "end", "start-ns"))
        self.end, self.cut = end, cut
        self.stack: list[str] = []
        self.prefixes = {"xml"}
        self.elements: list[Any] = []  # elements closed before the body
        buf = ""
        self.size = _FIRST  # doubled at each read, up to _CHUNK
        while (i := buf.find(start)) < 0:
            chunk = self.text.read(self.size)
            if not chunk:
                raise Unusual
            buf += chunk
        if start == "<sheetData>":  # the records' parent, not a record
            i += len(start)
        head, self.buf = buf[:i].lstrip("\ufeff"), buf[i:]
        decl = re.match(r"<\?xml[^>]*\?>", head)
        if decl and re.search(r"encoding\s*=", decl[0]) and not re.search(r"""encoding\s*=\s*["']utf-?8["']""", decl[0], re.I):
            raise Unusual
        self._feed(head)
        if tuple(self.stack) != tuple(NS + p for p in path):
            raise Unusual

    def _feed(self, text: str) -> None:
        self.parser.feed(text)
        for event, item in self.parser.read_events():
            if event == "start":
                self.stack.append(item.tag)
            elif event == "end":
                self.stack.pop()
                self.elements.append(item)
            else:
                self.prefixes.add(item[0])

    def body(self) -> Any:
        buf, end, cut = self.buf, self.end, self.cut
        while (e := buf.find(end)) < 0:
            c = buf.rfind(cut)
            if c >= 0:
                c += len(cut)
                yield _segment(buf[:c])
                buf = buf[c:]
            chunk = self.text.read(self.size)
            self.size = min(2 * self.size, _CHUNK)
            if not chunk:
                raise Unusual
            buf += chunk
        if e:
            yield _segment(buf[:e])
        self.buf = buf[e:]

    def finish(self) -> None:
        """The rest of the part through the parser: a part that is not well-formed is unusual."""
        self._feed(self.buf)
        while chunk := self.text.read(_CHUNK):
            self._feed(chunk)
        self.parser.close()


def scanned_strings(source: Any) -> list[str] | None:
    """openpyxl's ``read_string_table`` of a plain shared-strings part, or None."""
    try:
        part = _Part(source, "<si>", "</sst>", "</si>", ("sst",))
        strings: list[str] = []
        for seg in part.body():
            pos, n = 0, len(seg)
            while pos < n:
                m = _SI.match(seg, pos)
                if m is None:
                    raise Unusual
                pos = m.end()
                text = m[1]
                if "&" in text:
                    text = _unescape(text)
                strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
        part.finish()
        return strings
    except Exception:
        return None


class _Past(Exception):
    """A row past the dimension's last row: openpyxl stops there."""


class Sheet:
    """``_rows`` and ``_row`` over the text of a plain worksheet."""

    def __init__(self, source: Any, state: tuple[Any, ...]) -> None:
        self.part = _Part(source, "<sheetData>", "</sheetData>", "</row>", ("worksheet", "sheetData"))
        self.max_col = self.max_row = None
        self.empty: Any = []
        dims = [e for e in self.part.elements if e.tag == DIMENSION]
        if dims:
            self.max_col, self.max_row = dimension(dims[0].get("ref"))
            self.empty = (None,) * self.max_col
        self.out: list[Any] = []
        self.counter, self.idx = 1, 0
        self.state = state
        self.row_attrs: set[str] = {""}
        self.plans: dict[tuple[str, ...], Any] = {}

    def rows(self) -> Iterator[Any]:
        """The rows, handed over a chunk of the file (up to 256K characters) at a time."""
        out = self.out
        try:
            for seg in self.part.body():
                pieces = seg.split("</row>")
                last = pieces.pop()
                for piece in pieces:
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
                _attributes(attrs, self.part.prefixes)
                self.row_attrs.add(attrs)
            pos = m.end()
            if not alone:
                if not closed:
                    raise Unusual
                self._row(r, piece[pos:])
                return
            self._row(r, "")
            if pos == n:
                if closed:
                    raise Unusual
                return

    def _row(self, r: str | None, content: str) -> None:
        idx = self.idx = int(r) if r else self.idx + 1
        if self.max_row is not None and idx > self.max_row:
            raise _Past
        out = self.out
        while self.counter < idx:  # rows the file leaves out
            out.append(self.empty)
            self.counter += 1
        if self.counter > idx:
            return
        self.counter += 1
        max_col = self.max_col
        if not content:
            out.append((None,) * max_col if max_col else ())
            return
        letters, attrs, ts, vs, other = zip(*_COMMON_CELLS.findall(content))
        if any(other):  # not only common cells
            letters, attrs, vs, ts, other = zip(*_CELLS.findall(content))
            if any(other):
                raise Unusual  # something between the cells
        n = len(letters)
        plan = self.plans.get(attrs)
        if plan is None:
            plan = self.plans[attrs] = self._plan(attrs)
        if "&" in (joined := "\x00".join(ts)):
            decoded = _DECODED
            values = [(decoded.get(t) or _unescape(t)) if "&" in t else t or None for t in ts]
            # "_x" as the file has it, or as a reference (&#95;x) gives it
            escape = "_x" in joined or "&#95;" in joined or "&#x5" in joined
        else:
            values = [t or None for t in ts]
            escape = "_x" in joined
        if escape and any("_x" in values[i] for i in plan[1] if values[i]):
            raise Unusual  # an escape openpyxl's Text would decode
        state = self.state
        for i, kind, style, day in plan[0]:  # the cells that are not inline text
            if not (v := vs[i]):
                values[i] = None
            elif day and v.isdigit() and 60 <= (whole := int(v)) <= 2958465:
                values[i] = day + _DAY * whole  # a whole day (a birth date): from_excel's result, sooner
            else:
                values[i] = _value_of(kind, style, v, state)
        if letters == _LETTERS[:n] or not any(letters):  # columns 1, 2, 3 …
            width = max_col or n
            out.append(tuple(values) + (None,) * (width - n) if width >= n else tuple(values[:width]))
            return
        placed: list[int] = []
        col = 0
        for ref in letters:
            col = (_COLUMNS.get(ref) or column(ref + "1")) if ref else col + 1
            placed.append(col)
        width = max_col or col
        row: list[Any] = [None] * width
        for col, value in zip(placed, values):
            if 1 <= col <= width:
                row[col - 1] = value
        out.append(tuple(row))

    def _plan(self, attrs: tuple[str, ...]) -> tuple[list[tuple[int, str, Any, Any]], list[int]]:
        """For a row's cells' attributes: the cells that are not inline text (with their type,
        style, and the epoch if they show a date), and those that are."""
        others, inline = [], []
        for i, text in enumerate(attrs):
            a = _attributes(text, self.part.prefixes)
            kind, style = a.get("t", "n"), a.get("s", 0)
            if kind == "inlineStr":
                inline.append(i)
            else:
                style = int(style) if style else style
                _, dates, timedeltas, epoch = self.state
                day = epoch if kind == "n" and style in dates and style not in timedeltas else None
                others.append((i, kind, style, day))
        return others, inline


def _value_of(kind: str, style: Any, v: str, state: tuple[Any, ...]) -> Any:
    """``_value`` of a cell that is not inline text, from its ``<v>``."""
    if not v:
        return None
    if "&" in v:
        v = _unescape(v)
    if kind == "n":
        value = float(v) if "." in v or "E" in v or "e" in v else int(v)
        strings, dates, timedeltas, epoch = state
        if style in dates:  # (a whole day in plain digits is worked out in Sheet._row)
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


def _attributes(attrs: str, prefixes: set[str]) -> dict[str, str]:
    """The attributes of a row or cell (not its ``r``) as XML would read them."""
    if not _ATTRS_RE.fullmatch(attrs):
        raise Unusual
    found: dict[str, str] = {}
    for name, value in _ATTR.findall(attrs):
        prefix = name.partition(":")[0] if ":" in name else None
        if name in found or name == "r" or name.startswith("xmlns") or (prefix is not None and prefix not in prefixes):
            raise Unusual
        found[name] = value
    return found
