"""The reviewer's checklist: rules from the notice, gold agreement, batches and quotas, outputs, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor.checklist import check_file, load_context
from extractor.checklist import evaluate as cl_eval
from extractor.checklist.batch import check_batch
from extractor.checklist.codes import credit_check_char, credit_code_problem, identifier_problem, is_email, is_mobile, is_phone
from extractor.checklist.render import batch_workbook, checklist_markdown
from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "corpora" / "notices"
APPS = ROOT / "fixtures" / "applications"


def seed(prefix: str) -> Path:
    return next(NOTICES.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def ctx_2021():
    return load_context(seed("000"))


@pytest.fixture(scope="module")
def ctx_2023():
    return load_context(seed("002"))


def items(checklist) -> dict:
    return {i.id: i for i in checklist.items}


# --- identifiers --------------------------------------------------------------------------------

def test_credit_code_check_character_computed_by_hand():
    """GB 32100-2015: C18 = 31 − (Σ Ci·Wi mod 31), Wi = 3^(i−1) mod 31, characters 0-9 then A-Y without I O S V Z.

    Weights for positions 1-17: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.

    91350100M000100Y4: values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4
      products 9 3 27 135 0 26 0 0 420 0 0 0 8 0 0 900 112 → sum 1640; 1640 mod 31 = 28; 31 − 28 = 3 → '3'.
    Y2110000MA0000000 (letters in the first two places): Y=30 2 1 1 0 0 0 0 M=21 A=10 0 …
      products 30 6 9 27 0 0 0 0 420 290 0 … → sum 782; 782 mod 31 = 7; 31 − 7 = 24 → 'Q'.
    """
    assert credit_check_char("91350100M000100Y4") == "3"
    assert credit_code_problem("91350100M000100Y43") is None
    assert credit_check_char("Y2110000MA0000000") == "Q"
    assert credit_code_problem("Y2110000MA0000000Q") is None  # letters first: allowed
    assert "校验码应为 3" in credit_code_problem("91350100M000100Y44")
    assert "I" in credit_code_problem("9135010IM000100Y43")  # I is not in the code's character set
    assert "18 位" in credit_code_problem("91350100M000100Y4")
    assert identifier_problem("MA5F0001-8") == ("组织机构代码", None)
    assert identifier_problem("MA5F0001-7")[1] is not None


def test_every_fixture_credit_code_is_valid_except_the_deliberate_one():
    import importlib.util

    spec = importlib.util.spec_from_file_location("application_sources", APPS / "apps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bad = {e["stem"] for e in module.APPS if credit_code_problem(e["credit_code"])}
    assert bad == {"g07_bad_credit_code"}


def test_contact_formats():
    assert is_mobile("13800000001") and is_mobile("+86 138-0000-0001") and not is_mobile("1380000003")
    assert is_phone("010-68208246") and is_phone("0755-26000001") and not is_phone("68-2")
    assert is_email("zhang.shili@shijie-demo.example") and not is_email("li.shili@shenghuo-demo")


# --- the gold ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gold_scores():
    return cl_eval.run()


def test_gold_covers_three_forms_and_three_formats():
    cases = cl_eval.gold_cases()
    everywhere = [c for c in cases if all((APPS / f"{c['application']}.{fmt}").exists() for fmt in cl_eval.FORMATS)]
    assert len(everywhere) >= 15
    assert all(any((APPS / f"{c['application']}.{fmt}").exists() for fmt in cl_eval.FORMATS) for c in cases)
    assert {c["notice"] for c in cases} >= {"corpora/notices/000_3f1d47bed975995a.txt", "corpora/notices/002_f70fb078578b78cc.txt"}
    # The three forms: the 2021 general form and the two 2023 forms (platform, experience centre).
    stems = {c["application"][0] for c in everywhere}
    assert {"g", "p", "e"} <= stems
    verdicts = {c["verdict"] for c in cases}
    assert verdicts == {"pass", "fail", "needs_review"}


def test_checklists_agree_with_the_gold(gold_scores):
    s = gold_scores["items"]
    assert s.gold >= 15 * 3 * 19
    assert s.f1 >= 0.98, s.misses
    for fmt in cl_eval.FORMATS:
        assert gold_scores[f"items {fmt}"].f1 >= 0.98, gold_scores[f"items {fmt}"].misses


def test_no_failing_application_is_passed(gold_scores):
    s = gold_scores["failing not passed"]
    assert s.gold > 0 and s.recall == 1.0, s.misses


# --- rules read from the notice ----------------------------------------------------------------

def test_each_item_names_its_clause_and_evidence(ctx_2021):
    _app, cl = check_file(APPS / "g03_overview_431.pdf", ctx_2021)
    limit = items(cl)["word_limit:项目概述"]
    assert limit.status == "fail" and "431" in limit.reason
    assert limit.clause.text == "不超过400字" and limit.evidence.page is not None
    assert items(cl)["required_fields"].clause.text.startswith("二、除另有说明外")


def test_rules_follow_the_notice_text(tmp_path):
    """Edit the notice (a shorter limit, an earlier deadline, one more field): the same application is judged anew."""
    text = seed("000").read_text(encoding="utf-8")
    edited = (text.replace("研发和应用水平等有关情况。 （不超过 400 字）", "研发和应用水平等有关情况。 （不超过 150 字）")
                  .replace("于 2021 年 3 月 31 日前", "于 2021 年 3 月 10 日前")
                  .replace("单位办公地址\t\t\t\n", "单位办公地址\t\t\t\n官方网站\t\t\t\n"))
    assert edited.count("3 月 10 日前") == 1 and "官方网站" in edited
    notice = tmp_path / "edited_notice.txt"
    notice.write_text(edited, encoding="utf-8")
    before = items(check_file(APPS / "g01_perfect.txt", load_context(seed("000")))[1])
    after = items(check_file(APPS / "g01_perfect.txt", load_context(notice))[1])
    assert before["word_limit:项目概述"].status == "pass" and after["word_limit:项目概述"].status == "fail"
    assert before["deadline"].status == "pass" and after["deadline"].status == "fail"
    assert after["required_fields"].fields == ["官方网站"]


def test_a_soft_threshold_is_for_review_and_a_hard_one_fails(tmp_path, ctx_2023):
    _app, cl = check_file(APPS / "e02_centre_280sqm.docx", ctx_2023)
    area = items(cl)["threshold:面积"]
    assert area.status == "needs_review" and "原则上" in area.reason and "300" in area.clause.text
    hard = tmp_path / "hard.txt"
    hard.write_text(seed("002").read_text(encoding="utf-8").replace("其面积原则上不低于", "其面积不低于"), encoding="utf-8")
    _app, cl = check_file(APPS / "e02_centre_280sqm.docx", load_context(hard))
    assert items(cl)["threshold:面积"].status == "fail"


def test_the_provinces_own_deadline_binds_its_applicants(ctx_2023):
    _app, cl = check_file(APPS / "p03_platform_after_province_deadline.pdf", ctx_2023)
    dl = items(cl)["deadline"]
    assert dl.status == "fail" and "8月31日" in dl.clause.text and "2023-09-05" in dl.reason


def test_a_municipal_notice_wants_its_own_city(ctx_2021):
    ctx = load_context(seed("004"), seed("000"))
    beijing = items(check_file(APPS / "t01_tianjin_registered_in_beijing.txt", ctx)[1])["registered"]
    tianjin = items(check_file(APPS / "t02_tianjin_ok.txt", ctx)[1])["registered"]
    assert beijing.status == "fail" and "天津市" in beijing.rule and "本市境内注册" in beijing.clause.text
    assert tianjin.status == "pass"
    # Under the national notice the same Beijing company is registered in China: a pass.
    assert items(check_file(APPS / "t01_tianjin_registered_in_beijing.txt", ctx_2021)[1])["registered"].status == "pass"


def test_markdown_lists_every_item(ctx_2021):
    _app, cl = check_file(APPS / "g15_bad_contacts.docx", ctx_2021)
    md = checklist_markdown(cl)
    assert md.count("\n| ") == len(cl.items) + 1  # header + one row per item
    assert "1380000003" in md and "不通过" in md


# --- batches -------------------------------------------------------------------------------------

def _copies(tmp: Path, source: str, n: int) -> Path:
    d = tmp / "batch"
    d.mkdir(exist_ok=True)
    for i in range(n):
        shutil.copy(APPS / source, d / f"{i:02d}_{source}")
    return d


def test_guangzhou_has_the_provincial_override_plus_the_extra_quota(tmp_path, ctx_2023):
    d = _copies(tmp_path, "e01_centre_perfect.txt", 7)
    report = check_batch([str(d)], ctx_2023, "广州市")
    quota = next(i for i in report.items if "体验中心" in i.id)
    assert quota.status == "fail" and "不超过4个" in quota.rule and "额外推荐不超过2个" in quota.rule
    assert [e.quota_status for e in report.entries] == ["counted"] * 4 + ["extra"] * 2 + ["over"]
    assert "额外推荐" in report.entries[4].remark and quota.fields == ["06_e01_centre_perfect.txt"]


def test_a_province_has_the_ministrys_quota_and_platforms_have_none(tmp_path, ctx_2023):
    d = _copies(tmp_path, "e01_centre_perfect.docx", 6)
    shutil.copy(APPS / "p01_platform_perfect.docx", d / "zz_platform.docx")
    report = check_batch([str(d)], ctx_2023, "广东省")
    by_id = {i.id: i for i in report.items}
    assert by_id["quota:信息消费体验中心"].status == "fail" and "不超过5个" in by_id["quota:信息消费体验中心"].rule
    assert by_id["quota:用户过亿信息消费大平台"].status == "not_applicable"
    assert report.entries[-1].quota_status == "counted"


def test_overflow_is_taken_in_order(tmp_path):
    ctx = load_context(seed("003"), seed("000"))
    d = _copies(tmp_path, "g01_perfect.txt", 8)
    report = check_batch([str(d)], ctx, "大连市")
    (quota,) = report.items
    assert "不超过6个" in quota.rule and quota.status == "fail" and "按顺序选取" in quota.reason
    assert [e.quota_status for e in report.entries] == ["counted"] * 6 + ["over"] * 2
    assert "按顺序选取" in report.entries[-1].remark


def test_one_unreadable_application_costs_the_others_nothing(tmp_path, ctx_2021):
    d = _copies(tmp_path, "g01_perfect.pdf", 2)
    (d / "01_broken.pdf").write_bytes(b"%PDF-1.4\n%garbage that is not a PDF body")
    (d / "02_letter.txt").write_text("这不是申报书。", encoding="utf-8")
    report = check_batch([str(d)], ctx_2021, "广东省")
    errors = [e for e in report.entries if e.error]
    assert len(errors) == 2 and report.summary["unreadable"] == 2
    good = [e for e in report.entries if not e.error]
    assert len(good) == 2 and all(e.verdict == "pass" and e.checklist for e in good)


def test_the_workbook_has_the_notices_summary_table_and_a_sheet_per_application(tmp_path, ctx_2023):
    from io import BytesIO

    from openpyxl import load_workbook

    d = _copies(tmp_path, "e03_centre_overview_long.pdf", 2)
    report = check_batch([str(d)], ctx_2023, "佛山市")
    wb = load_workbook(BytesIO(batch_workbook(report, ctx_2023)))
    summary = wb.worksheets[0]
    header = [c.value for c in summary[3]]
    assert header == ctx_2023.summary_form().columns
    assert summary["B4"].value == "示例湾区体验科技有限公司" and "word_limit" in summary["E4"].value
    assert len(wb.worksheets) == 2 + len(report.entries)


# --- the command line -----------------------------------------------------------------------------

def test_cli_single_application_prints_the_checklist(capsys):
    assert main(["check", str(APPS / "g01_perfect.docx"), "--notice", str(seed("000"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 形式审查清单") and "通过" in out


def test_cli_strict_fails_on_a_failing_application(capsys):
    args = ["check", str(APPS / "g07_bad_credit_code.txt"), "--notice", str(seed("000")), "--format", "json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "fail"
    assert main([*args, "--strict"]) == 1


def test_cli_bad_input_is_one_line_and_exit_2(capsys, tmp_path):
    assert main(["check", str(tmp_path / "missing.pdf"), "--notice", str(seed("000"))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("extractor: error:")
    assert main(["check", str(APPS / "g01_perfect.txt"), "--notice", str(tmp_path / "none.txt")]) == 2


def test_cli_batch_writes_checklists_and_workbook(tmp_path, capsys):
    d = _copies(tmp_path, "e02_centre_280sqm.txt", 2)
    (d / "zz_empty.docx").write_bytes(b"")
    out = tmp_path / "out"
    code = main(["check", str(d), "--notice", str(seed("002")), "--recommender", "广东省", "-o", str(out), "-q"])
    assert code == 2  # one file could not be read; the others are done
    written = sorted(p.name for p in out.iterdir())
    assert "00_e02_centre_280sqm.md" in written and "01_e02_centre_280sqm.json" in written
    assert "汇总表_广东省.xlsx" in written and "batch.json" in written
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp")]
    captured = capsys.readouterr()
    assert "## 汇总表" in captured.out and captured.err.count("extractor: error:") == 1


def test_check_takes_a_parsed_notice_record():
    """The contract call `check(application, notice)` with a plain Notice: forms come from its file."""
    from extractor.api import parse
    from extractor.checklist import check, context_for, read_for

    notice = parse(seed("002"))
    app = read_for(APPS / "p02_platform_low_mau.docx", context_for(notice))
    cl = check(app, notice)
    assert cl.verdict == "fail"
    mau = items(cl)["threshold:上一年度平均月活用户数量"]
    assert mau.status == "fail" and "0.8" in mau.reason and "不低于1亿" in mau.clause.text
