"""The official-document tree: heads, numbers, dates, headings, attachments, nested notices."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.document import load
from extractor.extract import contacts
from extractor.structure import patterns as P
from extractor.structure.tree import parse_tree
from normalizers import normalize

NOTICES = Path(__file__).resolve().parent.parent / "corpora" / "notices"


def tree(prefix: str):
    doc = load(next(NOTICES.glob(f"{prefix}_*.txt")))
    return doc.text, parse_tree(doc.text)


@pytest.mark.parametrize("written", ["工信厅信发函〔2021〕27号", "工信厅信发函[2021]27号", "工信厅信发函［2021］27 号",
                                     "工信厅信发函(2021)27号", "工信厅信发函【2021】27号", "工信厅信发函（2021）27号"])
def test_document_number_brackets_are_normalised(written):
    m = P.DOC_NUMBER.search(written)
    assert m and P.normalize_doc_number(m) == "工信厅信发函〔2021〕27号"


_NUMBER_PIECES = st.lists(
    st.one_of(
        st.text(alphabet="工信厅发函部办公室局处中心某", max_size=24),
        st.sampled_from([" ", "\n", "\u3000", "，", "a", "1", "号", "〔", "（", "(北京市某路1号)", "（3层）",
                         "某" * 21 + "办公室", "某" * 15]),  # longer than the reach: where it starts matters
        st.builds("".join, st.tuples(st.sampled_from("〔[［(（【"), st.sampled_from(["2021", " 2021 ", "202"]),
                                     st.sampled_from("〕]］)）】"), st.sampled_from(["27号", " 3 号", "27", "号"]))),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_NUMBER_PIECES)
def test_looking_just_before_each_tail_finds_what_a_full_scan_does(text):
    """Document numbers and bracketed office addresses are searched for only just before their
    brackets (a full scan would try a run of Chinese characters from every character)."""
    def spans(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    assert spans(P.doc_numbers(text)) == spans(P.DOC_NUMBER.finditer(text))
    found = P.matches_before(contacts._PAREN_ADDRESS, contacts._PAREN_ADDRESS_TAIL, contacts._OFFICE_LEN, text)
    assert spans(found) == spans(contacts._PAREN_ADDRESS.finditer(text))


def test_head_of_a_national_notice():
    text, layer = tree("000")
    assert layer.issuer and layer.issuer[0] == "工业和信息化部办公厅"
    assert layer.doc_number and layer.doc_number[0] == "工信厅信发函〔2021〕27号"
    assert layer.recipients and layer.recipients[0].endswith("各有关单位")
    assert [a.number for a in layer.attachments] == [1, 2, 3]
    assert [a.number for a in layer.attachment_list] == [1, 2, 3]
    assert layer.date is None  # the notice prints no 成文日期; the form's 二〇二一年 月 日 is a blank


def test_blank_template_date_and_chinese_numeral_date():
    blank = normalize("申报主体责任声明\n法定代表人：（签字）\n\n二〇二一年 月 日\n").text
    assert P.BLANK_DATE.search(blank) and not P.DATE_LINE.search(blank)
    m = P.DATE_LINE.search("二〇二一年二月二十六日")
    assert m and P.date_iso(m.group("y"), m.group("m"), m.group("d")) == "2021-02-26"


def test_headings_at_every_level():
    text, layer = tree("000")
    outline = layer.outline(text)
    levels = {(h.level, h.title) for h in outline}
    assert (1, "示范内容") in levels and (2, "生活类信息消费") in levels and (3, "数字创意内容和服务") in levels
    assert (2, "公共服务类信息消费") in levels  # written "(二) 公共服务类信息消费" with ASCII brackets


def test_forward_is_split_into_two_layers_and_the_outer_keeps_its_tail():
    text, outer = tree("002")
    inner = outer.forwarded
    assert inner is not None and inner.doc_number and inner.doc_number[0] == "工信厅信发函〔2023〕210号"
    assert [a.number for a in inner.attachments] == [1, 2, 3]
    # The outer notice's own 汇总表 comes after the forwarded notice and still belongs to it.
    assert len(outer.ranges) == 2 and outer.attachments and "汇总表" in outer.attachments[0].title
    assert not any(outer.contains(p) for p in range(inner.ranges[0][0], inner.ranges[0][1], 97))


def test_bare_attachment_and_headless_guide():
    _, plan = tree("003")
    assert plan.bare_attachment and plan.title and plan.title[0] == "信息消费试点示范项目实施方案"
    _, guide = tree("001")
    assert guide.title is None and guide.issuer is None and guide.ranges == [(0, len(_))]


def test_listed_attachment_missing_from_the_text_is_reported():
    from extractor import api

    notice = api.parse(Path(__file__).resolve().parent.parent / "fixtures" / "notices" / "fx_101_zhejiang_forward_2021.txt")
    missing = [a for a in notice.attachments if not a.present]
    assert [a.number for a in missing] == [2]
    assert any("listed but not included" in w for w in notice.warnings)
