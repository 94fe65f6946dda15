"""PNG bars for docx charts, written with ``zlib`` alone.

A docx chart is a table: label | picture of the bar | value, so its text stays text in the
document's fonts.  Each bar is one picture of the same size, transparent after the bar, so
the bars share one scale and the reference line (a dashed mark at 100%) lines up from row
to row.  A bar's every pixel row is the same, so a picture is one scan line repeated.
"""

from __future__ import annotations

import struct
import zlib

from shequ.charts import MARK_COLOUR, rgb

#: Pixels of a bar picture: 95 mm × 4 mm at about 250 dpi.
WIDTH, HEIGHT = 940, 40


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An RGBA PNG of *height* scan lines (each ``4 × width`` bytes; the last one repeats)."""
    raw = bytearray()
    for y in range(height):
        raw += b"\x00" + rows[min(y, len(rows) - 1)]
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + _chunk(b"IEND", b"")


def bar(segments: list[tuple[float, str]], scale_top: float, mark: float | None = None,
        width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """One bar: *segments* are ``(value, "#rrggbb")`` from the left, on an axis to *scale_top*;
    *mark* draws a dashed reference line there."""
    clear = b"\x00\x00\x00\x00"
    line = bytearray(clear * width)
    x = 0.0
    for value, hex_colour in segments:
        if value <= 0:
            continue
        start, end = round(x), round(min(width, x + value / scale_top * width))
        r, g, b = rgb(hex_colour)
        line[start * 4:end * 4] = bytes((r, g, b, 255)) * (end - start)
        x += value / scale_top * width
    rows = [bytes(line)]
    if mark is not None:
        mx = min(width - 2, max(0, round(mark / scale_top * width) - 1))
        r, g, b = rgb(MARK_COLOUR)
        ink = bytes((r, g, b, 255)) * 2
        dashed = []
        for y in range(height):
            row = bytearray(line)
            if (y // 5) % 2 == 0:
                row[mx * 4:mx * 4 + 8] = ink
            dashed.append(bytes(row))
        rows = dashed
    return png(width, height, rows)


def swatch(hex_colour: str, size: int = 24) -> bytes:
    """A square of colour for a legend."""
    r, g, b = rgb(hex_colour)
    return png(size, size, [bytes((r, g, b, 255)) * size])
