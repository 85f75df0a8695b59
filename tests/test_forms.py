"""Form schemas read from notices, and filled applications read against them (TXT, DOCX, PDF)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from extractor.checklist import load_context, read_for
from extractor.document import load, load_bytes
from extractor.forms import text as T
from extractor.forms.labels import LabelIndex
from extractor.forms.reader import pick_template, read_application, read_document
from extractor.forms.schema import read_templates
from extractor.readers import ReadError
from extractor.structure.tree import parse_tree
from models import FormTemplate

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "corpora" / "notices"
PDFS = ROOT / "fixtures" / "pdf"
APPS = ROOT / "fixtures" / "applications"
FORMATS = ("txt", "docx", "pdf")


def _source_values():
    spec = importlib.util.spec_from_file_location("application_sources", APPS / "apps.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOURCES = _source_values()


def seed(prefix: str) -> Path:
    return next(NOTICES.glob(f"{prefix}_*.txt"))


def templates(path: Path | str) -> list[FormTemplate]:
    doc = load(path)
    layer = parse_tree(doc.text)
    out: list[FormTemplate] = []
    while layer is not None:
        out += read_templates(doc.text, layer, doc.evidence)
        layer = layer.forwarded
    return out


def templates_of_text(text: str) -> list[FormTemplate]:
    doc = load_bytes(text.encode("utf-8"), "edited.txt")
    layer = parse_tree(doc.text)
    out: list[FormTemplate] = []
    while layer is not None:
        out += read_templates(doc.text, layer)
        layer = layer.forwarded
    return out


@pytest.fixture(scope="module")
def form_2021() -> FormTemplate:
    (tpl,) = templates(seed("000"))
    return tpl


@pytest.fixture(scope="module")
def forms_2023() -> list[FormTemplate]:
    return templates(seed("002"))


@pytest.fixture(scope="module")
def contexts():
    cache: dict[tuple[str, str | None], object] = {}

    def get(notice: str, forms: str | None = None):
        key = (notice, forms)
        if key not in cache:
            cache[key] = load_context(ROOT / notice, ROOT / forms if forms else None)
        return cache[key]

    return get


def by_key(tpl: FormTemplate) -> dict:
    return {f.key: f for f in tpl.fields}


# --- the schema ---------------------------------------------------------------------------------

def test_2021_form_fields_kinds_limits_and_conditions(form_2021):
    f = by_key(form_2021)
    assert form_2021.kind == "application" and form_2021.attachment == 2
    assert (f["申报单位简介"].kind, f["申报单位简介"].word_limit) == ("longtext", 400)
    assert (f["项目概述"].kind, f["项目概述"].word_limit) == ("longtext", 400)
    assert "不超过400字" in f["项目概述"].limit_evidence.text
    assert (f["主营业务收入"].kind, f["主营业务收入"].unit) == ("number", "万元")
    assert f["起止日期"].kind == "date"
    nature = f["单位性质"]
    assert nature.kind == "checkbox" and nature.single_choice and nature.other_option
    assert {"事业单位", "民营企业", "国有参股企业"} <= set(nature.options) and len(nature.options) == 8
    assert not f["主营业务"].single_choice and "嵌入式系统软件" in f["主营业务"].options
    for sub in ("上市时间", "上市地点", "股票代码"):
        assert (f[sub].condition_field, f[sub].condition_value) == ("是否上市公司", "是")
    assert f["主要出口地点"].condition_field == "是否有业务出口"
    software = [x for x in form_2021.fields if x.group == "软件业务收入"]
    assert len(software) == 3 and all("软件业企业" in (x.condition or "") for x in software)
    # Two sub-fields with the same printed label stay apart by their row group.
    assert f["申报联系人/手机"] is not f["项目负责人/手机"]
    assert form_2021.all_required and "不得空缺" in form_2021.clauses["all_required"].text
    assert form_2021.has_declaration and form_2021.signer_label == "法定代表人"
    assert len(form_2021.materials) == 5 and form_2021.materials[-1] == "项目推广效果证明材料"


def test_2021_direction_choices_grouped_by_category(form_2021):
    choices = form_2021.direction_choices
    assert [d.number for d in choices] == list(range(1, 11))
    assert (choices[0].title, choices[0].category) == ("数字创意内容和服务", "生活类信息消费")
    # The category printed right after a choice belongs to the next ones, not to the choice's title.
    assert (choices[1].title, choices[2].category) == ("线上线下融合服务", "公共服务类信息消费")
    assert len({d.category for d in choices}) == 5


def test_2023_one_form_per_direction_and_the_summary_table(forms_2023):
    apps = [t for t in forms_2023 if t.kind == "application"]
    assert sorted(t.direction for t in apps) == ["信息消费体验中心", "用户过亿信息消费大平台"]
    platform = next(t for t in apps if t.direction == "用户过亿信息消费大平台")
    f = by_key(platform)
    assert (f["上一年度平均月活用户数量"].kind, f["上一年度平均月活用户数量"].unit) == ("number", "亿")
    assert f["平台概述"].word_limit == 500 and f["申报单位简介"].word_limit == 500
    assert not platform.direction_choices and "主营业务" not in f
    # On one row, the software-revenue group is still a group with its condition.
    assert all(x.condition and "软件业企业" in x.condition for x in platform.fields if x.group == "软件业务收入")
    centre = next(t for t in apps if t.direction == "信息消费体验中心")
    assert {"体验中心面积", "月均人流量", "体验中心概述"} <= set(by_key(centre))
    (summary,) = [t for t in forms_2023 if t.kind == "summary"]
    assert summary.columns == ["序号", "项目单位", "项目名称", "项目联系人及电话", "备注"]
    assert "备注" in summary.clauses["column:备注"].text


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_schema_is_the_same_from_the_rendered_pdf(prefix):
    def shape(tpls: list[FormTemplate]) -> list:
        return [(t.kind, t.direction, [(f.key, f.kind, f.unit, f.word_limit, f.condition, f.required) for f in t.fields],
                 [(d.number, d.title, d.category) for d in t.direction_choices], t.materials, t.columns) for t in tpls]

    from_text = templates(seed(prefix))
    from_pdf = templates(next(PDFS.glob(f"{prefix}_*.pdf")))
    assert shape(from_pdf) == shape(from_text)
    assert all(f.evidence is not None and f.evidence.page for t in from_pdf for f in t.fields if f.evidence)


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_a_notice_without_a_form_has_no_templates(prefix):
    assert [t for t in templates(seed(prefix)) if t.kind == "application"] == []


def test_a_form_with_other_fields_and_limits_is_read_unchanged():
    text = seed("000").read_text(encoding="utf-8")
    edited = text.replace("研发和应用水平等有关情况。 （不超过 400 字）", "研发和应用水平等有关情况。 （不超过 150 字）")
    edited = edited.replace("单位办公地址\t\t\t\n", "单位办公地址\t\t\t\n官方网站\t\t\t\n")
    edited = edited.replace("研发投入 （万元）", "研发投入 （亿元）")
    assert edited.count("官方网站") == 1 and "150 字" in edited
    (tpl,) = [t for t in templates_of_text(edited) if t.kind == "application"]
    f = by_key(tpl)
    assert f["项目概述"].word_limit == 150 and f["申报单位简介"].word_limit == 400
    assert f["官方网站"].required and f["研发投入"].unit == "亿元"


# --- reading filled applications ------------------------------------------------------------------

def _values(app) -> dict:
    vals = {k: (re.sub(r"\s", "", v.value), tuple(v.ticked), tuple(v.unclear), v.other) for k, v in app.fields.items()}
    vals["_declaration"] = (app.declaration_signed, app.declaration_signer, app.declaration_date)
    vals["_materials"] = (tuple(app.materials), tuple(app.materials_missing))
    vals["_directions"] = tuple(app.selected_directions)
    return vals


@pytest.mark.parametrize("entry", SOURCES.APPS, ids=lambda e: e["stem"])
def test_every_application_reads_the_same_in_all_three_formats(entry, contexts):
    ctx = contexts(entry["notice"], entry.get("forms"))
    read = {fmt: _values(read_for(APPS / f"{entry['stem']}.{fmt}", ctx)) for fmt in FORMATS}
    assert read["docx"] == read["txt"]
    assert read["pdf"] == read["txt"]


@pytest.mark.parametrize("entry", SOURCES.APPS, ids=lambda e: e["stem"])
def test_read_values_are_the_hand_written_source_values(entry, contexts):
    ctx = contexts(entry["notice"], entry.get("forms"))
    app = read_for(APPS / f"{entry['stem']}.pdf", ctx)
    assert app.unit_name == entry["unit"]
    assert app.credit_code == entry["credit_code"]
    assert app.legal_representative == (entry["legal_rep"] or None)
    assert app.registered_address == entry["reg_addr"]
    assert app.contact_phone == entry["contact_mobile"] and app.contact_email == entry["contact_email"]
    assert app.revenue == float(entry["revenue"]) and app.info_revenue == float(entry["info_revenue"])
    assert app.nature == entry["nature"] and app.fields["单位性质"].unclear == entry["nature_unclear"]
    assert app.listed == (entry["listed"] == "是") if entry["listed"] else app.listed is None
    assert app.declaration_signed == bool(entry["signer"])
    assert app.declaration_signer == (entry["signer"] or None)
    empty = [t.rstrip("；。") for _n, _h, items in entry["materials"] for t, _note, content in items if content is None]
    assert app.materials_missing == empty
    if "ticked" in entry and entry["form"] == "general_2021":
        titles = dict(pair for _cat, items in entry["direction_list"] for pair in items)
        assert app.selected_directions == [f"方向{n}：{titles[n]}" for n in entry["ticked"]]
        assert app.business == entry["business"]
    else:
        assert app.selected_directions == [entry["subtitle"].strip("（）")[: -len("方向")]]
    for key, value in entry["listing"].items():
        assert app.fields[key].value == value


def test_spaced_wrapped_and_traditional_labels_land_in_their_fields(contexts):
    ctx = contexts("corpora/notices/000_3f1d47bed975995a.txt")
    raw = (APPS / "g01_perfect.txt").read_text(encoding="utf-8")
    edited = (raw.replace("信息消费相关业务收入（万元）\t", "信息消费相关业务收\n入（万元）\t")
                 .replace("单位名称\t", "單位名稱\t")
                 .replace("研发人员规模\t", "研 发 人 员 规模\t")
                 .replace("主营业务收入（万元）\t", "主營業務收入(萬元)\t"))
    assert edited != raw
    doc = load_bytes(edited.encode("utf-8"), "edited.txt")
    app = read_document(doc, pick_template(doc.text, ctx.templates))
    original = read_application(APPS / "g01_perfect.txt", pick_template(load(APPS / "g01_perfect.txt").text, ctx.templates))
    for key in ("信息消费相关业务收入", "单位名称", "研发人员规模", "主营业务收入"):
        assert app.fields[key].value == original.fields[key].value != ""


def test_label_index_matches_by_row_group(form_2021):
    idx = LabelIndex.build(form_2021)
    assert idx.match("手机", "申报联系人").field.key == "申报联系人/手机"
    assert idx.match("手机", "项目负责人").field.key == "项目负责人/手机"
    assert idx.match("申报联系人", None).group == "申报联系人"
    m = idx.match("法定代表人：李样本", None)
    assert m.field.key == "法定代表人" and m.value == "李样本"
    assert idx.match("示例视界科技有限公司", None) is None


def test_check_marks_of_every_kind_are_read():
    _prefix, marks = T.marks("☑民营企业 ☐国有企业 ■大数据 □云计算 √是 ☒否 ✔物联网")
    assert [(m.option, m.state) for m in marks] == [
        ("民营企业", "ticked"), ("国有企业", "empty"), ("大数据", "ticked"), ("云计算", "empty"),
        ("是", "ticked"), ("否", "unclear"), ("物联网", "ticked")]


def test_a_heading_run_into_its_text_still_opens_its_section(contexts):
    ctx = contexts("corpora/notices/000_3f1d47bed975995a.txt")
    app = read_for(APPS / "g01_perfect.docx", ctx)
    text = app.fields["项目实施情况/项目实施主体、服务对象及适用场景"].value
    assert text.startswith("实施主体为示例视界科技有限公司")
    assert all(app.project_texts.get(f.key) for f in pick_template(load(APPS / "g01_perfect.docx").text, ctx.templates).fields
               if f.part == "narrative")


def test_the_right_2023_form_is_chosen_for_each_application(contexts):
    ctx = contexts("corpora/notices/002_f70fb078578b78cc.txt")
    assert read_for(APPS / "p01_platform_perfect.docx", ctx).form_kind.endswith("（用户过亿信息消费大平台方向）")
    assert read_for(APPS / "e01_centre_perfect.docx", ctx).form_kind.endswith("（信息消费体验中心方向）")


def test_a_document_that_is_not_the_form_is_refused(tmp_path, contexts):
    ctx = contexts("corpora/notices/000_3f1d47bed975995a.txt")
    letter = tmp_path / "letter.txt"
    letter.write_text("关于推荐示例项目的函\n\n现推荐示例视界科技有限公司申报，请予支持。\n", encoding="utf-8")
    with pytest.raises(ReadError, match="does not look like"):
        read_for(letter, ctx)


def test_numbers_are_read_in_the_fields_unit():
    assert T.number("8000万", "亿") == (0.8, "亿")
    assert T.number("1,250,000", "万元") == (1250000.0, "万元")
    assert T.number("二十", None) == (20.0, None)
