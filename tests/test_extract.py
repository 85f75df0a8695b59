"""Notice extraction against the hand-written gold, and the behaviours the gold cannot show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import api, evaluate
from extractor.document import load
from extractor.extract.notice import extract_notice

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "corpora" / "notices"


def seed(prefix: str) -> Path:
    return next(NOTICES.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def text_scores():
    return evaluate.evaluate(pdf=False)


@pytest.mark.parametrize("record_type", evaluate.RECORD_TYPES)
def test_text_fixtures_meet_the_f1_target(text_scores, record_type):
    score = text_scores["text"][record_type]
    assert score.gold > 0
    assert score.f1 >= 0.98, score.misses


def test_every_seed_and_invented_notice_has_gold():
    stems = {c[0] for c in evaluate.gold_cases()}
    assert len(stems) >= 9
    assert {p.stem for p in NOTICES.glob("*.txt")} <= stems


def test_forward_yields_both_layers_with_the_provincial_overrides():
    notice = api.parse(seed("002"))
    assert notice.issuer == "广东省工业和信息化厅" and notice.level == "provincial"
    inner = notice.forwarded
    assert inner is not None and inner.doc_number == "工信厅信发函〔2023〕210号"
    assert notice.references == ["工信厅信发函〔2023〕210号"]
    own = {(q.recommender, q.limit) for q in notice.quotas}
    assert ("广州、佛山", 4) in own and ("其他地市", 2) in own
    guangzhou = next(q for q in notice.quotas if q.limit == 4)
    assert guangzhou.cities == ["广州市", "佛山市"] and "不计算在内" in guangzhou.note
    assert [d.date for d in notice.deadlines] == ["2023-08-31"] and notice.deadlines[0].year_inferred
    assert [d.date for d in inner.deadlines] == ["2023-09-08"]
    assert [(c.declared_count, len(c.cities)) for c in inner.city_lists] == [(15, 15), (25, 25)]


def test_year_without_a_year_comes_from_the_cited_notice():
    notice = api.parse(seed("004"))
    assert notice.year == 2018
    assert notice.deadlines[0].date == "2018-03-05" and notice.deadlines[0].year_inferred
    assert notice.submission is not None and notice.submission.copies == 3
    assert [e.rule for e in notice.eligibility] == ["本市境内注册", "独立法人资格"]


def test_bare_attachment_is_read():
    notice = api.parse(seed("003"))
    assert notice.title == "信息消费试点示范项目实施方案" and notice.issuer is None
    assert len(notice.directions) == 10
    overflow = [q for q in notice.quotas if q.overflow_rule]
    assert len(overflow) == 1 and overflow[0].limit == 6 and "按顺序选取" in overflow[0].overflow_rule


def test_declared_city_count_mismatch_is_reported():
    notice = api.parse(ROOT / "fixtures" / "notices" / "fx_103_runon_city_list.txt")
    mismatched = [c for c in notice.city_lists if c.count_mismatch]
    assert mismatched and any("declares" in w for w in notice.warnings)


def test_evidence_points_at_the_normalised_text():
    doc = load(seed("000"))
    notice = extract_notice(doc)
    values = [d.evidence for d in notice.directions] + [q.evidence for q in notice.quotas]
    values += [c.evidence for cl in notice.city_lists for c in cl.cities]
    for ev in values:
        assert ev is not None and doc.text[ev.start : ev.end] == ev.text and ev.text
    city = notice.city_lists[1].cities[12]
    assert city.name == "莆田市" and city.evidence is not None
    # The map back to the original spans the line break the normaliser joined.
    s, e = doc.norm.to_original(city.evidence.start, city.evidence.end)
    assert doc.raw.text[s:e].replace("\n", "") == "莆田市"


def test_thresholds_are_structured():
    inner = api.parse(seed("002")).forwarded
    assert inner is not None
    platform, centre = inner.directions
    t = platform.thresholds[0]
    assert (t.comparator, t.value, t.unit) == (">=", 1, "亿")
    c = centre.thresholds[0]
    assert (c.quantity, c.value, c.unit, c.qualifier) == ("面积", 300, "平方米", "原则上")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_parse_folder_with_a_bad_file_keeps_the_others(tmp_path):
    (tmp_path / "a.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("parse", str(tmp_path), "-o", str(out) + "/", "-q")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "b.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "c.json"]
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["doc_number"] == "工信厅信发函〔2021〕27号"


def test_parse_markdown_and_schema():
    proc = run_cli("parse", str(seed("002")), "--format", "md", "-q")
    assert proc.returncode == 0
    assert "# 广东省工业和信息化厅转发" in proc.stdout and "| 广州、佛山 | 4 |" in proc.stdout
    schema = json.loads(run_cli("schema").stdout)
    # Notice nests itself (forwarded), so the schema is a $ref into $defs.
    props = schema.get("properties") or schema["$defs"][schema["$ref"].split("/")[-1]]["properties"]
    assert "directions" in props and "forwarded" in props


def test_eval_command_prints_the_table():
    proc = run_cli("eval", "--no-pdf")
    assert proc.returncode == 0
    assert "| quotas |" in proc.stdout and "precision" in proc.stdout


def test_entity_layer_is_built_once_and_finds_places_phones_numbers_dates():
    from extractor import nlp

    assert nlp.pipeline() is nlp.pipeline()
    text = "联系人：裴艳 010-68208246，工信厅信发函〔2021〕27号，请于2021年3月31日前报送，连云港、莆田市"
    found = {(label, t) for label, t, _s, _e, _id in nlp.entities(text)}
    assert ("PHONE", "010-68208246") in found
    assert ("DOCNO", "工信厅信发函〔2021〕27号") in found
    assert any(label == "DATE" and t.startswith("2021年3月31日") for label, t in found)
    assert ("GPE", "连云港") in found and ("GPE", "莆田市") in found


def test_policy_terms_stay_whole_in_segmentation():
    from extractor.nlp import segment

    tokens = segment("各计划单列市、新疆生产建设兵团工业和信息化主管部门推荐信息消费示范项目")
    assert "计划单列市" in tokens and "新疆生产建设兵团" in tokens and "信息消费" in "".join(tokens)


def test_form_direction_checklist_agrees_with_the_guide():
    notice = api.parse(seed("000"))
    (form,) = [f for f in notice.forms if f.direction_choices]
    assert [(d.number, d.title, d.category) for d in form.direction_choices] == [
        (d.number, d.title, d.category) for d in notice.directions
    ]


def test_2023_forms_are_one_per_direction():
    inner = api.parse(seed("002")).forwarded
    assert inner is not None
    titles = {d.title for d in inner.directions}
    per_direction = [f.direction for f in inner.forms if f.direction]
    assert len(per_direction) == 2 and all(any(t in (d or "") or (d or "") in t for t in titles) for d in per_direction)


def test_a_url_glued_to_chinese_text_is_found_and_an_email_domain_is_not():
    from extractor.extract.contacts import find_urls
    from models import Evidence

    text = "详见www.example.gov.cn，或登录http://sbxt.example.cn/apply提交；邮箱shili@example.cn，v1.2版"
    urls = find_urls(text, lambda s, e: Evidence(text=text[s:e], start=s, end=e))
    assert [u.url for u in urls] == ["www.example.gov.cn", "http://sbxt.example.cn/apply"]
    assert all(text[u.evidence.start : u.evidence.end] == u.url for u in urls)
