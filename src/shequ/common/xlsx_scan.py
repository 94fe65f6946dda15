"""The scan: a plain xlsx part (what shequ, openpyxl and Excel write) read with regular expressions.

The markup around the records (the sheet's <sheetData>, the string table's <si>s) goes through a
real XML parser: the document's encoding, well-formedness, namespaces, a <dimension>.  The records
themselves are matched whole, one after the other, by patterns that take only the plain forms;
whatever they do not match — a comment, CDATA, a prefixed or re-declared namespace, single quotes,
white space between elements, a raw CR or control character, an entity other than the XML five
and character references — raises ``Unusual``, and the part is read element by element instead
(common/xlsx_read.py, which gives the rows to the rest of shequ).  Here: the parts, the string
table and the values; a worksheet's rows are common/xlsx_sheet.py.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DIMENSION = NS + "dimension"


class Unusual(Exception):
    """A cell or a part these readers leave to the next one (in the end, openpyxl)."""


def as_text(value: Any) -> str:
    """A sheet's cell as an import reads it: text as it is, an empty cell as "", a number without
    a needless ".0", a date (a birth date) as 2025-03-05."""
    if value.__class__ is str:  # most cells: checked first
        return value
    if value is None:  # an empty cell
        return ""
    if value.__class__ is int:  # a number (序号, 年龄): before the tests below
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


COLUMNS: dict[str, int] = {}


def column(ref: str) -> int:
    """The column of the cell reference *ref* (``coordinate_to_tuple(ref)[1]``)."""
    letters = ref.rstrip("0123456789")
    col = COLUMNS.get(letters)
    if col is None:
        if _PLAIN_REF.fullmatch(ref):
            col = 0
            for letter in letters:
                col = 26 * col + ord(letter) - 64
        else:  # "$A$1", "a1", "A0": openpyxl decides
            from openpyxl.utils.cell import coordinate_to_tuple

            col = coordinate_to_tuple(ref)[1]
        COLUMNS[letters] = col
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
_CHUNK = 1 << 18  # bytes read at a time, at most (about 250 rows: they are handed over as each is read)
_FIRST = 1 << 16  # … and at first: the header row is found without reading a thousand rows
ATTRS = r'((?: [A-Za-z_][A-Za-z0-9_.:-]*="[^"<&\t\n]*")*)'
_SI = re.compile(r'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>')
_ATTRS_RE = re.compile(ATTRS)
_ATTR = re.compile(r' ([^=]+)="([^"]*)"')
# CR (XML reads it as LF) and the characters XML forbids, as they stand in the file
_FORBIDDEN = ("]]>", "\r", "\ufffe", "\uffff", *map(chr, (*range(9), 11, 12, *range(14, 32))))
_XML_BYTES = bytes(range(32, 256)) + b"\t\n"  # the bytes of the text, but for those
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


DECODED: dict[str, str] = {}  # the values seen most (性别, 网格, 户籍 …), decoded once


def unescape(text: str) -> str:
    """The text of an element as XML reads it (the document defines no entities of its own)."""
    done = DECODED.get(text)
    if done is None:
        done = _REF_RUN.sub(_ref_run, text)
        if "&" in done:
            if "&" in _ENTITY.sub("", text):
                raise Unusual  # an entity the document would have to define
            done = _ENTITY.sub(_entity, text)
        if len(DECODED) < 4096:
            DECODED[text] = done
    return done


class Part:
    """An XML part read in chunks: the markup before *start* (<sheetData> included) and from
    *end* on goes through an XML parser; ``body()`` gives the text between as strings of whole
    records, each string ending just after a *cut* (but the last)."""

    def __init__(self, source: Any, start: str, end: str, cut: str, path: tuple[str, ...]) -> None:
        import codecs
        from xml.etree.ElementTree import XMLPullParser

        self.source, self.decoder = source, codecs.getincrementaldecoder("utf-8")()
        self.exact = True  # check every segment whole (else only for "]]>"): see _read
        self.parser = XMLPullParser(("start", "end", "start-ns"))
        self.end, self.cut = end, cut
        self.stack: list[str] = []
        self.prefixes = {"xml"}
        self.elements: list[Any] = []  # elements closed before the body
        buf = ""
        self.size = _FIRST  # doubled at each read, up to _CHUNK
        while (i := buf.find(start)) < 0:
            chunk = self._read(self.size)
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

    def _read(self, size: int) -> str:
        """The text of the next *size* bytes ("" at the end).  What XML forbids or changes (a
        control character, CR, U+FFFE/FFFF) is looked for in the bytes as they come, which is
        quicker than in the text: where a chunk holds any, every segment from then on is checked
        whole (it may lie past the body's end, where the parser takes it)."""
        raw = self.source.read(size)
        if not raw:
            return self.decoder.decode(b"", final=True)  # a character cut off at the end raises
        text = self.decoder.decode(raw)
        if not self.exact and (raw.translate(None, _XML_BYTES) or "\ufffe" in text or "\uffff" in text):
            self.exact = True
        return text

    def _segment(self, text: str) -> str:
        """*text*, checked for what an XML parser would refuse or change."""
        if "]]>" in text or (self.exact and any(bad in text for bad in _FORBIDDEN)):
            raise Unusual
        return text

    def body(self) -> Any:
        buf, end, cut = self.buf, self.end, self.cut
        e = buf.find(end)
        self._segment(buf if e < 0 else buf[:e])  # read with the markup before it: checked whole, now
        self.exact = False
        while (e := buf.find(end)) < 0:
            c = buf.rfind(cut)
            if c >= 0:
                c += len(cut)
                yield self._segment(buf[:c])
                buf = buf[c:]
            chunk = self._read(self.size)
            self.size = min(2 * self.size, _CHUNK)
            if not chunk:
                raise Unusual
            buf += chunk
        if e:
            yield self._segment(buf[:e])
        self.buf = buf[e:]

    def finish(self) -> None:
        """The rest of the part through the parser: a part that is not well-formed is unusual."""
        self._feed(self.buf)
        while chunk := self._read(_CHUNK):
            self._feed(chunk)
        self.parser.close()


def scanned_strings(source: Any) -> list[str] | None:
    """openpyxl's ``read_string_table`` of a plain shared-strings part, or None."""
    try:
        part = Part(source, "<si>", "</sst>", "</si>", ("sst",))
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
                    text = unescape(text)
                strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
        part.finish()
        return strings
    except Exception:
        return None


def attributes(attrs: str, prefixes: set[str]) -> dict[str, str]:
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
