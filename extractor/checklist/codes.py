"""Identifier and contact formats: 统一社会信用代码 (GB 32100-2015), 组织机构代码 (GB 11714), phones, e-mail."""

from __future__ import annotations

import re

# GB 32100-2015 §4: the code's character set, 10 digits and 21 capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# The weight of position i (0-based, of the first 17) is 3^i mod 31.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997


def credit_check_char(first17: str) -> str:
    """The check character (position 18) of a 统一社会信用代码 from its first 17 characters.

    C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0, then read in ALPHABET.

    >>> credit_check_char("91350100M000100Y4")
    '3'
    """
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 is malformed, or None when it is well-formed with a right check character.

    The first two characters (registration authority, organisation type) may be letters, so only
    the alphabet is demanded of them; positions 3-8 are the 6-digit administrative division code.

    >>> credit_code_problem("91350100M000100Y43") is None
    True
    >>> credit_code_problem("91350100M000100Y44")
    '校验码应为 3，实为 4'
    """
    c = code.strip().upper()
    if len(c) != 18:
        return f"应为 18 位，实为 {len(c)} 位"
    bad = sorted({ch for ch in c if ch not in ALPHABET})
    if bad:
        return f"含有代码字符集以外的字符 {'、'.join(bad)}（不使用 I、O、S、V、Z）"
    if not c[2:8].isdigit():
        return "第 3-8 位（登记管理机关行政区划码）应为数字"
    want = credit_check_char(c[:17])
    if c[17] != want:
        return f"校验码应为 {want}，实为 {c[17]}"
    return None


def org_code_problem(code: str) -> str | None:
    """Why a 9-character 组织机构代码 (XXXXXXXX-X) is malformed, or None.

    >>> org_code_problem("MA5F0001-8") is None
    True
    """
    c = code.strip().upper().replace("－", "-")
    m = re.fullmatch(r"([0-9A-Z]{8})-?([0-9X])", c)
    if not m:
        return "应为 8 位本体代码加 1 位校验码（XXXXXXXX-X）"
    body, check = m.groups()
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    v = 11 - total % 11
    want = "X" if v == 10 else "0" if v == 11 else str(v)
    if check != want:
        return f"校验码应为 {want}，实为 {check}"
    return None


def identifier_problem(code: str) -> tuple[str, str | None]:
    """(which code it is, the problem or None): an 18-character credit code or a 9-character org code."""
    c = re.sub(r"[\s]", "", code)
    if len(re.sub(r"[-－]", "", c)) == 9:
        return "组织机构代码", org_code_problem(c)
    return "统一社会信用代码", credit_code_problem(c)


_MOBILE = re.compile(r"^(?:\+?86[-\s]?)?1[3-9]\d{9}$")
_PHONE = re.compile(r"^(?:\(?0\d{2,3}\)?[-\s]?)?[2-9]\d{6,7}(?:(?:转|-|ext\.?)\d{1,6})?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def _digits(value: str) -> str:
    return re.sub(r"[\s\-－—()（）]", "", value)


def is_mobile(value: str) -> bool:
    """A mainland mobile number: 11 digits starting 13-19, optionally +86.

    >>> is_mobile("138 0000 0001"), is_mobile("1380000003")
    (True, False)
    """
    return bool(_MOBILE.match(_digits(value)))


def is_phone(value: str) -> bool:
    """A fixed-line number with or without its area code (010-68208246, 0755-26000001), or a mobile.

    >>> is_phone("0755-26000001"), is_phone("12345")
    (True, False)
    """
    v = value.strip().replace("－", "-").replace("—", "-")
    return bool(_PHONE.match(v) or _PHONE.match(_digits(v))) or is_mobile(v)


def is_email(value: str) -> bool:
    """An address with a user, a domain and a top-level suffix.

    >>> is_email("zhang.shili@shijie-demo.example"), is_email("li.shili@shenghuo-demo")
    (True, False)
    """
    return bool(_EMAIL.match(value.strip()))
