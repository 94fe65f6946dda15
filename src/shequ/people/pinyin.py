"""Pinyin of names, computed on write so that reads never import pypinyin.

pypinyin reads 曾 as *ceng* and 单 as *dan*; as surnames they are *zeng* and
*shan*.  The surname table (two-character surnames first) overrides the
first character(s); the given name goes through pypinyin without phrase
tables (``PYPINYIN_NO_PHRASES``: faster to import, and names are not phrases).
"""

from __future__ import annotations

import os

COMPOUND_SURNAMES = {
    "欧阳": "ou yang", "司马": "si ma", "上官": "shang guan", "诸葛": "zhu ge", "东方": "dong fang",
    "皇甫": "huang fu", "尉迟": "yu chi", "公孙": "gong sun", "慕容": "mu rong", "长孙": "zhang sun",
    "宇文": "yu wen", "司徒": "si tu", "夏侯": "xia hou", "轩辕": "xuan yuan", "令狐": "ling hu",
    "单于": "chan yu", "澹台": "tan tai", "万俟": "mo qi", "闻人": "wen ren", "端木": "duan mu",
    "南宫": "nan gong", "西门": "xi men", "呼延": "hu yan", "百里": "bai li", "东郭": "dong guo",
}
SURNAMES = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "翟": "zhai", "尉": "yu", "繁": "po",
    "员": "yun", "秘": "bi", "种": "chong", "重": "chong", "华": "hua", "任": "ren", "沈": "shen",
    "贾": "jia", "葛": "ge", "纪": "ji", "冼": "xian", "隗": "wei", "句": "gou", "召": "shao",
    "折": "she", "祭": "zhai", "逄": "pang", "柏": "bai", "石": "shi", "莫": "mo", "殷": "yin",
    "褚": "chu", "宓": "fu", "粘": "nian", "黑": "he", "那": "na", "相": "xiang", "宿": "su",
    "藏": "zang", "薄": "bo", "长": "chang", "便": "pian", "都": "du", "万": "wan", "朝": "chao",
    "蕃": "pi", "过": "guo", "难": "nan", "能": "nai", "阚": "kan", "哈": "ha",
}


_CACHE: dict[str, str] = {}


def _reading(ch: str) -> str | None:
    """The default reading of one character, toneless (``lazy_pinyin`` style NORMAL).

    The 6,763 GB2312 characters come from a table generated from pypinyin
    (``tools/gen_pinyin_table.py``), so adding a person does not import
    pypinyin's 40,000-entry dictionary (~40 ms); rarer characters are read
    from pypinyin's table and cached (``lazy_pinyin`` costs ~100 µs a call,
    which made a 20k-row import spend seconds).  ``tests/unit/test_pinyin.py``
    checks both paths against ``lazy_pinyin``.
    """
    if not _CACHE:
        from shequ.people._pinyin_table import GROUPS

        _CACHE.update((c, py) for py, chars in GROUPS.items() for c in chars)
    hit = _CACHE.get(ch)
    if hit is None:
        if ord(ch) < 0x2E80:
            return None  # Latin letters, digits, punctuation: not Chinese
        import unicodedata

        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
        from pypinyin.pinyin_dict import pinyin_dict

        raw = pinyin_dict.get(ord(ch))
        if raw is None:
            return None
        first = raw.split(",")[0].translate(_UMLAUT)
        hit = "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c))
        _CACHE[ch] = hit
    return hit


_UMLAUT = str.maketrans("ǖǘǚǜü", "vvvvv")


def _convert(text: str) -> list[str]:
    """Syllables of *text*; runs of other characters (Anna, 2号) stay one token."""
    out: list[str] = []
    run = ""
    known = _CACHE.get
    for ch in text:
        py = known(ch) or _reading(ch)  # the dict first: one call per character less
        if py is None:
            run += ch
            continue
        if run:
            out.append(run.lower())
            run = ""
        out.append(py)
    if run:
        out.append(run.lower())
    return out


def name_syllables(name: str) -> list[str]:
    """``曾国藩`` → ``["zeng", "guo", "fan"]``; the surname table wins over pypinyin."""
    name = name.strip()
    compound = COMPOUND_SURNAMES.get(name[:2]) if len(name) > 2 else None  # every one is two characters
    if compound:
        return compound.split() + _convert(name[2:])
    if name and name[0] in SURNAMES:
        return [SURNAMES[name[0]]] + _convert(name[1:])
    return _convert(name)


def name_keys(name: str) -> tuple[str, str]:
    """The full pinyin (``zengguofan``) and the initials (``zgf``) used for search and sort."""
    syllables = [s for s in name_syllables(name) if s.strip()]
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s[0].isalnum())
    return full, initials
