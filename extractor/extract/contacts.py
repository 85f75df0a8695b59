"""Contacts (names with their phone numbers), postal addresses with postcodes, and URLs."""

from __future__ import annotations

import re
from collections.abc import Callable

from extractor.nlp import PHONE
from extractor.structure import patterns as P
from models import Address, Contact, Evidence, Url

_ROLE = re.compile(r"(?P<role>联系人|联络人|联系电话|咨询电话|系统维护|技术支持|业务咨询)\s*[：:]")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_NOT_NAMES = re.compile(r"电话|手机|传真|邮箱|邮编|地址|联系|联络|咨询|维护|支持|同上|处|司|局|厅|部|委|办|中心|科|室|秘书")
_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_HONORIFIC = re.compile(r"(?<=[\u4e00-\u9fff])(?:先生|女士|小姐|同志)")
_OTHER_LABEL = re.compile(r"^\s*(?:[（(])?(?:邮寄|通讯|通信|联系|报送)?地址|^\s*邮编|^\s*附件|^\s*[一二三四五六七八九十]+、")
_PHONE_LIST = re.compile(rf"(?:{PHONE.pattern})(?:\s*[/／、]\s*(?:{PHONE.pattern}))*")
_OFFICE_END = "司|局|厅|处|委|办公室|中心"  # how an office's name ends
_OFFICE = rf"[\u4e00-\u9fff]{{4,40}}(?:{_OFFICE_END})"
_ADDRESS = re.compile(
    r"(?:邮寄|通讯|通信|联系|报送|寄送)?地址\s*[：:]\s*(?P<addr>[^；;\n（）()\s]{4,80}?)"
    # ends before 邮编, a separator, or the receiving office run on after the street number
    r"(?=[，,]?\s*邮编|[；;\n（）()。\s]|$|(?<=[号室楼层座院])\s*" + _OFFICE + r"[，,]?\s*(?:邮编|\d{6}))",
    re.M,
)
_ORG_AFTER = re.compile(r"\s*(?P<org>" + _OFFICE + r")(?=[，,]?\s*(?:邮编|\d{6}))")
_POSTCODE = re.compile(r"(?:邮编|邮政编码)\s*[：:]?\s*(?P<code>\d{6})(?!\d)|[，,]\s*(?P<code2>\d{6})(?!\d)")
# An office with its address in brackets: 某某处（某某路1号）. The bracketed part is what a scan
# looks for; the office before it is at most _OFFICE_LEN characters.
_OFFICE_RUN = 20
_OFFICE_LEN = _OFFICE_RUN + max(map(len, _OFFICE_END.split("|")))
_ADDRESS_IN_BRACKETS = r"[（(](?P<addr>[^（）()\n]{2,40}?(?:号|室|楼|层|座))[）)]"
_PAREN_ADDRESS = re.compile(rf"(?P<org>[\u4e00-\u9fff]{{2,{_OFFICE_RUN}}}(?:{_OFFICE_END}))\s*{_ADDRESS_IN_BRACKETS}")
_PAREN_ADDRESS_TAIL = re.compile(_ADDRESS_IN_BRACKETS)
# A URL is often glued to the Chinese around it ("详见www.miit.gov.cn", "登录http://….cn提交"):
# it must not run on from or into ASCII word characters or an e-mail address, but Chinese is no
# part of it (re.ASCII: \w is [A-Za-z0-9_]). It starts on its first character, which `re` can
# skip to, and looks behind from there.
_URL = re.compile(
    r"[A-Za-z0-9\-](?<![@\w.][A-Za-z0-9\-])"
    r"(?:(?<=h)ttps?://[A-Za-z0-9.\-]+|[A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)*\.(?:com|cn|net|org|gov|edu|hk|mo|tw)(?:\.cn|\.hk)?)"
    r"(?:/[A-Za-z0-9._~/%\-?=&#]*)?(?![\w@])",
    re.ASCII,
)
_ORG_LINE = re.compile(rf"^[ \t]*(?P<org>{_OFFICE})\s*[，,]\s*\d{{6}}")


def normalize_phone(raw: str) -> str:
    """Digits and hyphens: 010—68208246 → 010-68208246, 139 5555 0188 → 13955550188."""
    s = re.sub(r"\s*(?:转|ext\.?)\s*", "-", raw.strip())
    s = re.sub(r"(?<=\d) (?=\d)", "", s)
    s = re.sub(r"[^\d\-]", "-", s).strip("-")
    return re.sub(r"-{2,}", "-", s)


def find_contacts(text: str, evidence: Callable[[int, int], Evidence]) -> list[Contact]:
    out: list[Contact] = []
    for rm in _ROLE.finditer(text):
        role = "联系人" if rm.group("role") == "联系电话" else rm.group("role")
        # The contact block runs on over following lines until another field or heading starts.
        line_end = text.find("\n", rm.end())
        line_end = len(text) if line_end == -1 else line_end
        for _ in range(3):
            # A following line (a blank line may sit between) that names another person with a number.
            m_next = re.match(r"\n(?:[ \t]*\n)?(?P<line>[^\n]*)", text[line_end:])
            if not m_next:
                break
            nxt = m_next.group("line")
            if not nxt.strip() or _OTHER_LABEL.match(nxt) or _ROLE.search(nxt) or not PHONE.search(nxt):
                break
            line_end += m_next.end()
        segment_text = text[rm.end():line_end]
        # Groups are separated by ；: each group's names share the group's numbers.
        pos = rm.end()
        for group in re.split(r"(?<=[；;\n])", segment_text):
            g_start = pos
            pos += len(group)
            if re.match(r"\s*(?:邮寄|通讯)?地址|邮编", group):
                break
            phones = []
            for pm in _PHONE_LIST.finditer(group):
                phones += [normalize_phone(p.group(0)) for p in PHONE.finditer(pm.group(0))]
            names_part = _HONORIFIC.sub(" ", _PAREN.sub(" ", _PHONE_LIST.sub(" ", group)))
            names = [n.group(0) for n in _NAME.finditer(names_part) if not _NOT_NAMES.search(n.group(0))]
            for n in names:
                out.append(Contact(name=n, phone=phones[0] if phones else None, phones=phones, role=role,
                                   evidence=evidence(g_start, pos)))
    return out


def find_addresses(text: str, evidence: Callable[[int, int], Evidence]) -> list[Address]:
    out: list[Address] = []
    for m in _ADDRESS.finditer(text):
        addr = m.group("addr").strip(" ，,。")
        tail = text[m.end() : m.end() + 80]
        pc = _POSTCODE.search(tail)
        postcode = (pc.group("code") or pc.group("code2")) if pc else None
        org = None
        om_same = _ORG_AFTER.match(text, m.end("addr"))
        if om_same:
            org = om_same.group("org")
        # The next line may be the receiving office followed by the postcode.
        nl = text.find("\n", m.end())
        if nl != -1:
            rest = text[nl + 1 : nl + 120].lstrip("\n")
            om = _ORG_LINE.match(rest)
            if om and org is None:
                org = om.group("org")
        out.append(Address(text=addr, postcode=postcode, org=org, evidence=evidence(m.start("addr"), m.end("addr"))))
    for m in P.matches_before(_PAREN_ADDRESS, _PAREN_ADDRESS_TAIL, _OFFICE_LEN, text):
        org = re.sub(r"^.*?(?:报送|送至|寄至|交至)?我(?:委|厅|局)", "", m.group("org"))
        out.append(Address(text=m.group("addr"), postcode=None, org=org or m.group("org"),
                           evidence=evidence(m.start("addr"), m.end("addr"))))
    return out


def find_urls(text: str, evidence: Callable[[int, int], Evidence]) -> list[Url]:
    seen: set[str] = set()
    out: list[Url] = []
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".")
        if url not in seen:
            seen.add(url)
            out.append(Url(url=url, evidence=evidence(m.start(), m.start() + len(url))))
    return out
