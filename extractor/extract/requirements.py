"""Submission requirements (copies, paper, electronic, delivery) and eligibility rules."""

from __future__ import annotations

import re
from collections.abc import Callable

from models import Eligibility, Evidence, Submission
from normalizers.numerals import parse_int

_COPIES = re.compile(r"一式\s*(?P<n>[0-9一二两三四五六七八九十]+)\s*份|纸质版?\s*[（(]\s*(?P<n2>[0-9一二两三四五六七八九十]+)\s*份\s*[）)]")
_PAPER = re.compile(r"纸质|邮寄")  # materials sent by post are on paper
_ELECTRONIC = re.compile(r"电子版|电子文档|在线(?:提交|填报)|电邮|电子邮件")
_DELIVERY = (("EMS", re.compile(r"EMS")), ("机要交换", re.compile(r"机要(?:交换|通道|渠道)?")),
             ("现场报送", re.compile(r"现场(?:报送|递交)")), ("电邮", re.compile(r"电邮|电子邮件")))
_ELIGIBILITY = (("本市境内注册", re.compile(r"(?:本市|本省)(?:行政区域)?境内(?:依法)?注册")),
                ("境内注册", re.compile(r"(?<!本市)(?<!本省)(?:中华人民共和国|中国)?境内(?:[（(][^（）()]{0,30}[）)])?(?:依法)?注册")),
                ("独立法人资格", re.compile(r"独立法人资格")))


def find_submission(text: str, evidence: Callable[[int, int], Evidence]) -> Submission | None:
    cm = _COPIES.search(text)
    paper = bool(_PAPER.search(text))
    electronic = bool(_ELECTRONIC.search(text))
    delivery = [name for name, rx in _DELIVERY if rx.search(text)]
    if not (cm or paper or electronic or delivery):
        return None
    copies = parse_int(cm.group("n") or cm.group("n2")) if cm else None
    return Submission(copies=copies, paper=paper or cm is not None, electronic=electronic, delivery=delivery,
                      evidence=evidence(cm.start(), cm.end()) if cm else None)


def find_eligibility(text: str, evidence: Callable[[int, int], Evidence]) -> list[Eligibility]:
    out: list[Eligibility] = []
    for rule, rx in _ELIGIBILITY:
        m = rx.search(text)
        if m:
            out.append(Eligibility(rule=rule, evidence=evidence(m.start(), m.end())))
    return out
