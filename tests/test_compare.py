"""Policy comparison on the real notices: the hand-written gold diffs, and what the gold cannot show."""

from __future__ import annotations

import doctest
import itertools
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.compare import align, compare, compare_many, compare_sides, sides_of_file
from extractor.compare import evaluate as compare_eval
from extractor.compare.report_html import html
from extractor.compare.report_md import markdown
from extractor.textdiff import fold
from models.diff import DIRECTION_CHANGES, Comparison, PolicyDiff

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "corpora" / "notices"


def seed(prefix: str) -> Path:
    return next(NOTICES.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def sides():
    """Every seed read once: prefix → its sides (a forward gives the national notice, then the forward)."""
    return {p: sides_of_file(seed(p)) for p in ("000", "001", "002", "003")}


@pytest.fixture(scope="module")
def scores():
    return compare_eval.scores()


# --- the global assignment -------------------------------------------------------------------------


def test_alignment_doctests():
    result = doctest.testmod(align)
    assert result.attempted > 0 and result.failed == 0


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.integers(1, 6).flatmap(
    lambda m: st.lists(st.lists(st.floats(0, 1), min_size=m, max_size=m), min_size=n, max_size=n))))
def test_assignment_is_optimal_and_one_to_one(weights):
    pairs = align.hungarian(weights)
    n, m = len(weights), len(weights[0])
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs}) == min(n, m)
    if n <= m:
        best = max(sum(weights[i][c] for i, c in enumerate(cols)) for cols in itertools.permutations(range(m), n))
    else:
        best = max(sum(weights[r][j] for j, r in enumerate(rows)) for rows in itertools.permutations(range(n), m))
    assert sum(weights[i][j] for i, j in pairs) == pytest.approx(best)


# --- against the gold ------------------------------------------------------------------------------


@pytest.mark.parametrize("row", [r for r in compare_eval.ROWS if "ambiguous" not in r])
def test_clear_cases_meet_the_target(scores, row):
    s = scores[row]
    assert s.gold > 0
    assert s.precision >= 0.95 and s.recall >= 0.95, s.misses


def test_every_gold_diff_names_real_notices_and_valid_records():
    cases = compare_eval.gold_cases()
    assert len(cases) >= 4
    for case in cases:
        assert case.diff.old and case.diff.new
        for ref in (case.diff.old, case.diff.new):
            path, layer = compare_eval.document_of(ref.label)
            assert path.exists() and layer in ("outer", "forwarded")
        assert {g.change for g in case.diff.directions} <= set(DIRECTION_CHANGES)


# --- Traditional 2021 guide against the Simplified one ---------------------------------------------


def test_traditional_guide_has_the_same_ten_directions_and_three_wordings(sides):
    diff = compare_sides(sides["001"][0], sides["000"][0])
    assert len(diff.directions) == 10
    assert all(d.change in ("unchanged", "modified") and d.old == d.new for d in diff.directions)
    modified = [d for d in diff.directions if d.change == "modified"]
    assert all(d.note == "措辞修改" and len(d.wording) == 1 for d in modified)
    words = sorted((w.old, w.new) for t in diff.text_changes for w in t.words)
    assert words == sorted([("沉浸型", "沉浸式"), ("诊判", "研判"), ("申请主体", "申报主体")])
    # The missing headings are one fact, said once; no direction changed category over them.
    assert sum("类别标题" in n for n in diff.notes) == 1
    assert not any(d.category_changed for d in diff.directions)


# --- 2018 plan against the 2021 guide --------------------------------------------------------------


def test_merge_is_found_by_the_global_assignment(sides):
    diff = compare_sides(sides["003"][0], sides["000"][0])
    merged = [d for d in diff.directions if d.change == "merged"]
    assert [(sorted(d.old), d.new) for d in merged] == [(sorted(["健康医疗服务", "在线教育服务"]), ["医疗教育服务"])]
    # Nothing is matched twice: every title appears in exactly one entry per side.
    olds = [t for d in diff.directions for t in d.old]
    news = [t for d in diff.directions for t in d.new]
    assert sorted(olds) == sorted(d.title for d in sides["003"][0].notice.directions)
    assert sorted(news) == sorted(d.title for d in sides["000"][0].notice.directions)


def test_ambiguous_directions_show_candidates_with_scores_not_a_guess(sides):
    diff = compare_sides(sides["003"][0], sides["000"][0])
    ambiguous = [d for d in diff.directions if d.ambiguous]
    assert ambiguous
    for d in ambiguous:
        assert d.change in ("added", "removed") and not (d.old and d.new)
        assert d.candidates and all(c.similarity is not None and c.similarity >= align.CANDIDATE for c in d.candidates)
    md = markdown(diff)
    assert all(f"{c.similarity:.2f}" in md for d in ambiguous for c in d.candidates)


def test_quota_changes_per_recommending_unit(sides):
    diff = compare_sides(sides["003"][0], sides["000"][0])
    by_change = {(q.change, q.recommender) for q in diff.quotas}
    assert ("limit_changed", "计划单列市、新疆生产建设兵团") in by_change
    assert ("overflow_removed", "计划单列市、新疆生产建设兵团") in by_change
    assert ("added", "中央企业") in by_change and ("extra_added", "信息消费示范城市") in by_change
    changed = next(q for q in diff.quotas if q.change == "limit_changed")
    assert (changed.old_limit, changed.new_limit) == (6, 5)
    assert changed.old_evidence and "6" in changed.old_evidence.text and changed.new_evidence and "5" in changed.new_evidence.text


def test_comparison_is_symmetric(sides):
    ab = compare_sides(sides["003"][0], sides["000"][0])
    ba = compare_sides(sides["000"][0], sides["003"][0])

    def entries(diff: PolicyDiff, kind: str, flip: bool = False) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        out = [(tuple(d.old), tuple(d.new)) for d in diff.directions if d.change == kind]
        return sorted((n, o) if flip else (o, n) for o, n in out)

    assert entries(ab, "merged") == entries(ba, "split", flip=True)
    assert entries(ab, "added") == entries(ba, "removed", flip=True)
    assert entries(ab, "removed") == entries(ba, "added", flip=True)


# --- 2021 against 2023 (the national layer) --------------------------------------------------------


def test_cities_added_moved_and_declared_counts(sides):
    diff = compare_sides(sides["000"][0], sides["002"][0])
    moves = [(m.name, m.old_tier, m.new_tier) for m in diff.cities.tier_changed]
    assert moves == [("昆明市", "特色型信息消费示范城市", "综合型信息消费示范城市")]
    assert not diff.cities.removed
    assert {x.name for x in diff.cities.added} >= {"深圳市", "武汉市", "青岛市"}
    assert [(c.old, c.new) for c in diff.cities.declared_counts] == [(None, 15), (None, 25)]
    assert all(x.evidence is not None and x.evidence.text.startswith(x.name[:2]) for x in diff.cities.added)


def test_direction_changes_carry_the_notices_evidence(sides):
    old, new = sides["000"][0], sides["002"][0]
    diff = compare_sides(old, new)
    kept = next(d for d in diff.directions if d.change == "modified")
    assert kept.old_evidence == [next(d.evidence for d in old.notice.directions if d.title == kept.old[0])]
    assert kept.new_evidence == [next(d.evidence for d in new.notice.directions if d.title == kept.new[0])]
    assert [t.new for t in kept.thresholds] == ["≥300平方米（原则上）"]


def test_threshold_change_is_reported_as_such(tmp_path, sides):
    text = seed("002").read_text(encoding="utf-8")
    assert text.count("不低于1亿") == 1
    edited = tmp_path / "002_edited.txt"
    edited.write_text(text.replace("不低于1亿", "不低于2亿"), encoding="utf-8")
    diff = compare_sides(sides["002"][0], sides_of_file(edited, layer="forwarded")[0])
    platform = next(d for d in diff.directions if "月活" in "".join(t.quantity for t in d.thresholds))
    assert platform.change == "modified" and platform.old == platform.new
    assert [(t.change, t.old, t.new) for t in platform.thresholds] == [("changed", "≥1亿", "≥2亿")]
    assert all(d.change == "unchanged" for d in diff.directions if d is not platform)


# --- a forward against the notice it forwards ------------------------------------------------------


def test_forward_reports_only_what_the_province_adds_or_overrides(sides):
    national, province = sides["002"]
    diff = compare_sides(national, province)
    assert diff.mode == "forward"
    assert not diff.directions and not diff.cities.removed and not diff.cities.added
    assert sorted((q.recommender, q.old_limit, q.new_limit) for q in diff.quotas) == [("其他地市", 5, 2), ("广州、佛山", 5, 4)]
    assert all(q.change == "overridden" for q in diff.quotas)
    assert [(d.change, d.new, d.days) for d in diff.deadlines] == [("added", "2023-08-31", -8)]
    assert any("重申" in n for n in diff.notes)
    # The record-level API finds the same mode from the records alone.
    assert compare(national.notice, province.notice).mode == "forward"


def test_forward_without_the_national_text_is_found_by_its_citation(sides):
    zhejiang = sides_of_file(ROOT / "fixtures" / "notices" / "fx_101_zhejiang_forward_2021.txt")
    assert len(zhejiang) == 1 and zhejiang[0].notice.forwarded is None
    diff = compare_sides(sides["000"][0], zhejiang[0])
    assert diff.mode == "forward" and not diff.directions
    assert ("设区市", 10, 3) in {(q.recommender, q.old_limit, q.new_limit) for q in diff.quotas}
    assert {d.new for d in diff.deadlines} == {"2021-03-10", "2021-03-15"} and all(d.days < 0 for d in diff.deadlines)
    assert [r.new for r in diff.requirements if r.field == "attachment"] == ["2021年浙江省新型信息消费示范项目推荐汇总表"]


def test_a_notice_against_itself_changes_nothing(sides):
    for side in [s for group in sides.values() for s in group]:
        diff = compare_sides(side, side, mode="edition")
        assert {d.change for d in diff.directions} <= {"unchanged"}
        assert {q.change for q in diff.quotas} <= {"unchanged"}
        assert not (diff.cities.added or diff.cities.removed or diff.cities.tier_changed or diff.text_changes or diff.requirements)


# --- timeline, reports, command line ---------------------------------------------------------------


def test_timeline_follows_a_direction_through_three_editions_and_a_forward():
    comparison = compare_many([seed("003"), seed("000"), seed("002")])
    assert [n.label.split("_")[0] for n in comparison.notices] == ["003", "000", "002", "002"]
    centre = next(r for r in comparison.timeline if r.titles[0] == "信息消费体验服务")
    assert centre.titles == ["信息消费体验服务", "信息消费体验中心", "信息消费体验中心", "信息消费体验中心"]
    assert centre.changes == ["renamed", "modified", "inherited"]
    assert len(comparison.diffs) == 3 and comparison.diffs[-1].mode == "forward"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_report_is_self_contained_with_aligned_directions_and_cities():
    comparison = compare_many([seed("000"), seed("002")], layer="forwarded")
    page = html(comparison)
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "link", "img", "iframe", "object")
        for key in ("src", "href"):
            assert not (attrs.get(key) or "").startswith(("http:", "https:", "//"))
    assert not re.search(r"url\(|@import", page)
    classes = " ".join(a.get("class") or "" for _, a in parser.tags)
    assert "aligned-directions" in classes and "cities" in classes
    assert "<del>" in page and "<ins>" in page and "昆明市" in page


def test_html_marks_a_changed_word_whole(sides):
    from extractor.compare.report_html import marked

    old = next(d for d in sides["001"][0].notice.directions if d.number == 1).description
    new = next(d for d in sides["000"][0].notice.directions if d.number == 1).description
    left, right = marked(old, new)
    assert re.findall(r"<del>(.*?)</del>", left) == ["沉浸型"]
    assert re.findall(r"<ins>(.*?)</ins>", right) == ["沉浸式"]


def test_markdown_memo_puts_the_summary_table_first():
    md = markdown(compare_many([seed("003"), seed("000")]))
    first_table = md.index("\n|")
    assert "摘要" in md[:first_table] and "申报方向" in md[first_table : first_table + 200]
    assert md.index("## 摘要") < md.index("## 申报方向") < md.index("## 推荐名额")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_writes_each_format(tmp_path):
    out = tmp_path / "diff.json"
    done = _run("compare", str(seed("001")), str(seed("000")), "-o", str(out))
    assert done.returncode == 0, done.stderr
    diff = PolicyDiff.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert diff.summary.get("text_changes") == 3
    three = _run("compare", str(seed("003")), str(seed("000")), str(seed("002")), "--format", "json")
    assert three.returncode == 0 and len(Comparison.model_validate_json(three.stdout).diffs) == 3
    page = tmp_path / "r.html"
    assert _run("compare", str(seed("002")), "--format", "html", "-o", str(page)).returncode == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args", [["compare", "corpora/notices/003_57da5595588f4ee2.txt"],
                                  ["compare", "no_such_notice.txt", "corpora/notices/000_3f1d47bed975995a.txt"],
                                  ["compare", "fixtures/bad/random.bin", "corpora/notices/000_3f1d47bed975995a.txt"]])
def test_cli_bad_input_is_one_line_and_exit_2(args):
    done = _run(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("extractor: error:") and "Traceback" not in done.stderr


def test_same_title_is_one_direction_even_when_rewritten(sides):
    diff = compare_sides(sides["003"][0], sides["000"][0])
    same = [d for d in diff.directions if d.old and d.new and fold(d.old[0]) == fold(d.new[0])]
    assert {d.old[0] for d in same} == {"数字创意内容和服务", "线上线下融合服务", "电子商务平台服务"}
    assert all(d.change == "modified" and d.note == "内容改写" for d in same)


def test_a_defined_term_expands_to_the_units_its_clause_names():
    """（以下统称推荐单位） in the 2023 notice names the units before it, back to the enumerator."""
    from extractor.compare.rules import defined_terms, units

    text = next(NOTICES.glob("002_*.txt")).read_text(encoding="utf-8")
    terms = defined_terms(text)
    assert units("推荐单位", terms) == ["省", "自治区", "直辖市", "计划单列市", "新疆生产建设兵团", "中央企业"]
    # A clause stops at the sentence before it and never reaches back over an earlier definition.
    assert defined_terms("已报送。示例市、示例县（以下简称示例单位），示例区（以下统称两地）") == {
        "示例单位": "示例市、示例县", "两地": "示例区"}
