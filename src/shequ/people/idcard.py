"""居民身份证号码 (GB 11643-1999) and phone numbers.

18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence
(odd for men, even for women), 1 check character.  The check character is
``"10X98765432"[sum(d_i * w_i) % 11]`` with weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2.
港澳台居民居住证 (830000/810000/820000 …) and the 9-leading 外国人永久居留身份证
use the same layout and checksum.  Old 15-digit numbers (YYMMDD, 19xx) are
upgraded to 18 digits.
"""

from __future__ import annotations

import re
import unicodedata
from operator import mul
from datetime import date
from typing import NamedTuple

#: First two digits of the address code (GB/T 2260 provinces; 71 台湾, 81 香港, 82 澳门, 83 港澳台居民
#: 居住证).  Numbers starting with 9 (外国人永久居留身份证) carry their own scheme and are accepted.
PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
                      "61 62 63 64 65 71 81 82 83".split())
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
_ZERO = ord("0") * sum(WEIGHTS)
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}$")
_PHONE_JUNK = re.compile(r"[\s()（）]")


class IdInfo(NamedTuple):
    number: str  # the 18-character form, upper-case X
    birth: date
    gender: str  # 男 | 女
    upgraded: bool  # came in as a 15-digit number


def check_char(first17: str) -> str:
    if len(first17) == 17 and first17.isascii() and first17.isdigit():  # the bytes are 48 + the digit
        return CHECK[(sum(map(mul, first17.encode(), WEIGHTS)) - _ZERO) % 11]
    return CHECK[sum(map(mul, map(int, first17), WEIGHTS)) % 11]


def upgrade15(number: str) -> str:
    """15-digit (1984–1999 issue, births 19xx) → 18-digit with a computed check character."""
    body = number[:6] + "19" + number[6:]
    return body + check_char(body)


def parse_id(raw: str, *, today: date | None = None) -> IdInfo:
    """Validate a 身份证号码; ``ValueError`` with a Chinese reason on any problem."""
    # NFKC: full-width digits and Ｘ from a Chinese input method become ASCII — stored, compared
    # and checked in one form only (str.isdigit() alone would accept "１２３").
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "").upper()
    upgraded = False
    if len(text) == 15:
        if not (text.isascii() and text.isdigit()):
            raise ValueError(f"15 位身份证号只能由数字组成：{raw}")
        _birth(text[6:12], "19", raw, today)  # check the date before upgrading
        text = upgrade15(text)
        upgraded = True
    if len(text) != 18:
        raise ValueError(f"身份证号应为 18 位（或旧式 15 位），实际 {len(text)} 位：{raw}")
    if not (text[:17].isascii() and text[:17].isdigit()) or text[17] not in "0123456789X":
        raise ValueError(f"身份证号前 17 位应为数字，最后一位为数字或 X：{raw}")
    if text[:2] not in PROVINCES and text[0] != "9":
        raise ValueError(f"身份证号的地址码不存在（前两位 {text[:2]} 不是省级行政区代码）：{raw}")
    birth = _birth(text[6:14], "", raw, today)
    expected = check_char(text[:17])
    if text[17] != expected:
        raise ValueError(f"身份证号校验位错误：{raw}（按前 17 位计算应为 {expected}）")
    gender = "男" if int(text[16]) % 2 else "女"
    return IdInfo(text, birth, gender, upgraded)


def _birth(digits: str, century: str, raw: str, today: date | None) -> date:
    full = century + digits
    try:
        born = date(int(full[:4]), int(full[4:6]), int(full[6:8]))
    except ValueError:
        raise ValueError(f"身份证号中的出生日期不存在（{full[:4]}-{full[4:6]}-{full[6:8]}）：{raw}") from None
    if born > (today or date.today()) or born.year < 1880:
        raise ValueError(f"身份证号中的出生日期不合理（{born.isoformat()}）：{raw}")
    return born


def normalize_phone(raw: str) -> str:
    """Mobile ``1[3-9]`` + 9 digits, or a landline with area code (``0571-88001234``)."""
    text = _PHONE_JUNK.sub("", unicodedata.normalize("NFKC", str(raw))).removeprefix("+86").removeprefix("86-")
    digits = text.replace("-", "")
    if _MOBILE.match(digits):
        return digits
    if _LANDLINE.match(text):
        if "-" in text:
            return text
        # Area codes: 010, 02x are 3 digits; the rest 4.
        cut = 3 if digits[1] in "12" else 4
        return digits[:cut] + "-" + digits[cut:]
    raise ValueError(f"电话号码格式不对：{raw}（手机为 11 位、以 13–19 开头；座机需带区号，如 0571-88001234）")


def age_on(birth: date, on: date) -> int:
    """周岁: whole years completed on *on* (a 29 Feb birthday counts on 1 Mar in common years)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years
