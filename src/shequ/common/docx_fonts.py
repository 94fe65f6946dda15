"""Fonts of a Word run or style, set so that Word and WPS show them: Latin and East-Asian names
explicitly, theme fonts dropped.  Shared by report documents and their charts (python-docx is
imported only when a document is made)."""

from __future__ import annotations

from typing import Any

THEME = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(run_or_style: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set Latin and East-Asian font names explicitly and drop theme fonts (Word otherwise shows the theme's)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    for attr in THEME:
        rfonts.attrib.pop(qn(attr), None)
