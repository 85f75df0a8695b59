"""Normalisers on the real seeds, their doctests, and property tests on random text."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import normalizers
from extractor.structure.tree import parse_tree
from extractor.textdiff import word_diff
from normalizers import artifacts, core, normalize, numerals, punctuation, script, whitespace, width
from normalizers._edits import HAN
from normalizers.census import Census
from normalizers.offsets import apply_edits

NOTICES = Path(__file__).resolve().parent.parent / "corpora" / "notices"


def seed(prefix: str) -> str:
    return next(NOTICES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("module", [artifacts, width, punctuation, whitespace, script, numerals, core])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


_HEADING_ONLY = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^。]*$")


def test_traditional_guide_differs_from_simplified_guide_in_exactly_three_wordings():
    traditional = normalize(seed("001")).text
    national = normalize(seed("000")).text
    guide = parse_tree(national).attachments[0]
    assert "申报指南" in guide.title
    simplified = "\n".join(
        line for line in national[guide.start : guide.end].split("\n") if not _HEADING_ONLY.match(line)
    )
    assert sorted(word_diff(traditional, simplified)) == sorted(
        [("沉浸型", "沉浸式"), ("诊判", "研判"), ("申请主体", "申报主体")]
    )


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_debris_survives(prefix):
    text = normalize(seed(prefix)).text
    assert "[bookmark" not in text
    assert "<input" not in text and "<p>" not in text
    assert not re.search(r"[\u4e00-\u9fff]\([a-zü\u0101-\u01dc]+\)", text)
    assert "\u3000" not in text


def test_traditional_taiwan_text_uses_tw2s():
    result = normalize(seed("001"))
    assert result.script == "traditional" and result.opencc_config == "tw2s"
    assert "着眼消费、着力供给、着重创新" in result.text
    assert "持续释放内需潜力" in result.text  # pinyin gloss (xù) gone


@pytest.mark.parametrize("config", ["t2s", "tw2s", "hk2s"])
def test_conversion_leaves_every_character_but_han_as_it_is(config):
    # Why conversion does not send the pinyin fix over the text again: it never makes the
    # character before a bracket Han, or a bracket, or a letter.
    han = re.compile(f"[{HAN}]")  # what the fixes take for Han
    others = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000 and chr(c) != "\n" and not han.match(chr(c))]
    converted = script.convert("\n".join(others), config).split("\n")
    assert [c for c, out in zip(others, converted, strict=True) if out != c] == []


def test_simplified_text_is_not_converted():
    result = normalize(seed("000"))
    assert result.script == "simplified" and result.opencc_config is None


def test_protected_place_names_survive_conversion():
    text = normalize("吉林省乾安縣的數字經濟，乾清宮旁").text
    assert "乾安县" in text and "乾清宫" in text
    assert "干安县" not in text


def test_page_break_inside_a_paragraph_is_joined_but_headings_are_not():
    text = normalize(seed("000")).text
    assert "多元化、品质化发展" in text
    assert "实现消费助农" in text
    assert "莆田市" in text
    assert "\n工信厅信发函〔2021〕27号" in text  # the number keeps its own line


def test_width_punctuation_and_spacing():
    text = normalize("申报数量不超过 １０ 个(以上统称推荐单位),联系人:张示例 010—55551234").text
    assert text == "申报数量不超过10个（以上统称推荐单位），联系人：张示例 010-55551234"


def test_tabs_of_table_rows_are_kept():
    text = normalize(seed("000")).text
    assert "申报联系人\t姓名\t\t手机" in text


def test_explain_reports_steps_with_counts():
    result = normalize(seed("001"))
    names = {s.name: s.count for s in result.steps}
    assert names["pinyin_glosses"] >= 50
    assert names["script"] > 0
    assert result.explain()[0].startswith("script: traditional")


def test_offsets_map_back_to_the_original():
    original = seed("001")
    result = normalize(original)
    i = result.text.index("着眼消费")
    assert result.original_text(i, i + 4) == "著眼消費"
    j = result.text.index("持续释放")
    assert result.original_text(j, j + 4) == "持續(xù)釋放"


def test_wrong_type_and_size_are_refused_with_a_message():
    with pytest.raises(TypeError, match="decode"):
        normalize(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="longer than"):
        normalize("字" * (core.MAX_CHARS + 1))


def test_chinese_numerals():
    assert normalizers.parse_number("二十五") == 25
    assert normalizers.parse_int("两") == 2
    assert normalizers.parse_int("二〇二一") == 2021
    assert normalizers.parse_int("不是数字") is None


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list("著眼消費持續(xù)乾安縣，。、：；（）() \t\n\u3000１２ＡＢ—-<>/[]_bookmark:年月日0123456789一二十")),
    ),
    max_size=300,
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_normalize_never_raises_is_idempotent_and_maps_inside(text):
    result = normalize(text)
    assert normalize(result.text).text == result.text
    n = len(result.text)
    for start, end in [(0, n), (0, n // 2), (n // 3, n), (n // 2, n // 2)]:
        s, e = result.to_original(start, end)
        assert 0 <= s <= e <= len(text)


_CLASSES = {"marks": ",;:(<\t\u3000", "t2s": "著眼消費持續乾", "s2t": "着眼消费持续干", "ascii": "abc"}
_MADE = {"made": lambda: "眼干丙"}  # a class given as a function, made when first asked for


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet=st.one_of(st.characters(), st.sampled_from("".join(_CLASSES.values()) + "丙😀𠀀")), max_size=200),
    st.integers(1, 8),
)
@example(text="著,a丙" * 300, times=1)  # more picked out than are sorted in Python
def test_census_counts_what_a_plain_count_does(text, times):
    """Counts and characters of the vectorised census against counting one character at a time,
    on any text: astral characters (beyond every table), lone surrogates, the empty string, and texts
    long enough that the characters picked out are sorted with numpy rather than in Python."""
    text *= times
    tally = Census({**_CLASSES, **_MADE}).take(text)
    for name, chars in {**_CLASSES, "made": _MADE["made"]()}.items():
        assert tally.count(name) == sum(c in chars for c in text)
        assert tally.chars(name) == set(text) & set(chars)


def test_census_refuses_what_it_cannot_count():
    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        Census({"astral": "𠀀"})
    # A class given as a function is made when first asked for, and checked then.
    lazy = Census({"han": lambda: "乾干", "astral": lambda: "𠀀"}).take("乾安县干")
    assert lazy.count("han") == 2 and lazy.chars("han") == {"乾", "干"}
    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        lazy.count("astral")


def _every_fix_until_nothing_changes(text: str) -> str:
    """The plain fixed point: every fix of every step, in order, over and over, no shortcuts. A
    fix runs until it says it has no work left, as a fix is defined to (a joined line can make the
    next break join while the words around it are still as they were)."""
    info = script.detect_script(text)
    current, converted = text, False
    for _ in range(60):
        before = current
        for step in core.STEPS:
            if step.name == "script":
                if info.config and not converted:
                    current = core._script_fix(info, core._census().take(text)).apply(current)[0]
                    converted = True
                continue
            for fix in step.fixes:
                again = fix.wanted(current)
                while again:
                    current, _, again = fix.apply(current)
        if current == before:
            return current
    raise AssertionError("no fixed point")


# Pieces the fixes act on, so that random strings put them next to each other often.
_PIECES = st.lists(
    st.one_of(
        st.sampled_from(list("著眼消費持續乾安縣，。、：；（）() \t\n\n\u3000\u00a0１２ＡＢ—–-<>/[]_:,;?!0123456789")),
        st.sampled_from(list("一二十中文字甲乙丙丁戊附件联系人p")),
        st.sampled_from(["<p>", "</p>", "<br>", "[bookmark: x]", "(xù)", "（chuàng）", '<input type="checkbox" checked/>',
                         "010—68208246", "一、", "（一）", "\t", "1 —2", "甲乙 ", "丙丁 ", "丙丁戊己庚", "品质\n\n化发展。",
                         "示范项目申报工作的通知要求，我单位提交了\n", "ＡＢ(ｘù)", "持(ｘù)", "持續 （xù）", "(中\n文)", "(1)(2)"]),
    ),
    max_size=80,
).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PIECES)
def test_normalize_reaches_the_plain_fixed_point(text):
    # normalize skips a fix that nothing since its last look can have given work (steps declare
    # what reopens them); the result must be what running everything to a fixed point gives.
    assert normalize(text).text == _every_fix_until_nothing_changes(text)


_SETTLE_PATTERNS = [
    fix for step in core.STEPS for fix in step.fixes if isinstance(getattr(fix, "settle", None), re.Pattern)
]


@settings(max_examples=1000, deadline=None)
@given(_PIECES)
def test_a_settle_pattern_needs_a_character_its_rule_needs(text):
    # A rule does not look for its settle pattern once none of its characters is left in the text.
    assert _SETTLE_PATTERNS
    for fix in _SETTLE_PATTERNS:
        if fix.needs is not None:
            assert fix.settle.search(text.translate(dict.fromkeys(map(ord, fix.needs)))) is None


def _replayed(result: core.NormalizedText) -> str:
    """The original with each recorded fix's reported edits applied in turn."""
    current = result.original
    for fix, before in result.alignment._pending:  # white-box: each fix with the text it was given
        assert before == current
        current = apply_edits(before, fix.edits(before))
    return current


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PIECES)
def test_each_fix_reports_the_edits_it_made(text):
    # A fix substitutes in C when normalising and lists its edits only for the offset map; the
    # two must agree, or evidence would point at the wrong characters.
    result = normalize(text)
    assert _replayed(result) == result.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_each_fix_reports_the_edits_it_made_on_the_seeds(prefix):
    result = normalize(seed(prefix))
    assert _replayed(result) == result.text
