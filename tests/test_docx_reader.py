"""The .docx reader: text lines in document order, tables as tab-separated rows, checkboxes as ☑/☐."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from extractor.readers import docx as docx_reader
from extractor.readers import read_bytes
from extractor.readers.base import ReadError
from extractor.readers.docx import read_docx

NS = nsdecls("w", "w14")


def _bytes(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _lines(data: bytes) -> list[str]:
    doc = read_docx(data, "t.docx", "sha")
    assert doc.format == "docx"
    assert doc.pages == [] and doc.page_starts == []  # Word has no fixed pages
    assert doc.text.endswith("\n")
    return doc.text.split("\n")[:-1]


def _checkbox(checked: bool) -> object:
    """A Word 2010 checkbox content control; its glyph (☒/☐) is what Word draws, not what we emit."""
    glyph = "☒" if checked else "☐"
    return parse_xml(
        f"<w:sdt {NS}><w:sdtPr><w14:checkbox><w14:checked w14:val=\"{int(checked)}\"/>"
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
        '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>'
        f"<w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"
    )


def _run(xml: str) -> object:
    return parse_xml(f"<w:r {NS}>{xml}</w:r>")


def _sym(font: str, char: str) -> object:
    return _run(f'<w:sym w:font="{font}" w:char="{char}"/>')


def _legacy_checkbox(default: int, checked: int | None) -> list[object]:
    state = "" if checked is None else f'<w:checked w:val="{checked}"/>'
    return [
        _run(
            '<w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
            f'<w:checkBox><w:sizeAuto/><w:default w:val="{default}"/>{state}</w:checkBox>'
            "</w:ffData></w:fldChar>"
        ),
        _run('<w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText>'),
        _run('<w:fldChar w:fldCharType="separate"/>'),
        _run('<w:fldChar w:fldCharType="end"/>'),
    ]


def _notice() -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：不应出现"
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    d.add_heading("工业和信息化部办公厅关于组织开展2023年新型信息消费示范项目申报工作的通知", level=1)
    d.add_paragraph("各省、自治区、直辖市工业和信息化主管部门：")
    d.add_heading("一、申报方向", level=2)
    d.add_paragraph("申报单位应在以下方向中选择一个。")

    table = d.add_table(rows=5, cols=3)
    table.cell(0, 0).text = "单位名称"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "某某科技有限公司"
    table.cell(1, 0).text = "联系人"
    table.cell(1, 1).text = "张三"
    table.cell(1, 2).text = "电话：010-68208246"
    table.cell(2, 0).text = "申报方向"
    cell = table.cell(2, 1)
    p1 = cell.paragraphs[0]
    p1._p.append(_checkbox(True))
    p1.add_run("数字创意内容和服务")
    p2 = cell.add_paragraph()
    p2._p.append(_checkbox(False))
    p2.add_run("线上线下融合服务")
    ticked = table.cell(2, 2).paragraphs[0]
    ticked._p.append(_sym("Wingdings", "F0FE"))
    ticked.add_run("是")
    ticked._p.append(_sym("Wingdings", "F0A8"))
    ticked.add_run("否")
    table.cell(3, 0).merge(table.cell(4, 0)).text = "经营情况"
    table.cell(3, 1).text = "营业收入"
    table.cell(3, 2).text = "1200万元"
    table.cell(4, 1).text = "利润"
    table.cell(4, 2).text = "300万元"

    p = d.add_paragraph("联系人：李四")
    p.add_run().add_break()
    p.add_run("电话：010-68208246")
    d.add_paragraph("")
    d.add_paragraph("附件：1.申报书模板")
    return _bytes(d)


def test_notice_lines_in_document_order() -> None:
    assert _lines(_notice()) == [
        "工业和信息化部办公厅关于组织开展2023年新型信息消费示范项目申报工作的通知",
        "各省、自治区、直辖市工业和信息化主管部门：",
        "一、申报方向",
        "申报单位应在以下方向中选择一个。",
        "单位名称\t某某科技有限公司",  # horizontal merge: the text once, not once per grid column
        "联系人\t张三\t电话：010-68208246",
        "申报方向\t☑数字创意内容和服务 ☐线上线下融合服务\t☑是☐否",
        "经营情况\t营业收入\t1200万元",
        "\t利润\t300万元",  # under a vertical merge: an empty cell, the label is not repeated
        "联系人：李四",
        "电话：010-68208246",
        "",
        "附件：1.申报书模板",
    ]


def test_dispatch_through_read_bytes() -> None:
    doc = read_bytes(_notice(), "notice.docx")
    assert doc.format == "docx"
    assert "页眉" not in doc.text and "— 1 —" not in doc.text  # headers and footers are left out
    assert doc.sha256 and doc.encoding is None


def test_cell_paragraphs_join_without_space_between_cjk() -> None:
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    c = t.cell(0, 0)
    c.text = "新型信息"
    c.add_paragraph("消费示范")
    c.add_paragraph("5G")
    c.add_paragraph("")
    c.add_paragraph("AI 应用")
    t.cell(0, 1).text = "甲\t乙"  # a tab inside a cell must not make a new column
    assert _lines(_bytes(d)) == ["新型信息消费示范 5G AI 应用\t甲 乙"]


def test_nested_table_flattens_into_the_cell() -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "项目内容"
    inner_cell = outer.cell(0, 1)
    inner_cell.text = "见下表"
    inner = inner_cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "年度"
    inner.cell(0, 1).text = "收入"
    inner.cell(1, 0).text = "2022"
    inner.cell(1, 1).text = "100万元"
    assert _lines(_bytes(d)) == ["项目内容\t见下表年度 收入 2022 100万元"]


def test_symbol_fonts_and_legacy_checkboxes() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    for font, char, label in (
        ("Wingdings 2", "F052", "甲"),
        ("Wingdings 2", "F0A3", "乙"),
        ("Wingdings", "F06F", "丙"),
        ("Wingdings", "F0FD", "丁"),
        ("Wingdings", "FC", "戊"),
    ):
        p._p.append(_sym(font, char))
        p.add_run(label)
    q = d.add_paragraph()
    for run in _legacy_checkbox(default=0, checked=1):
        q._p.append(run)
    q.add_run("同意")
    for run in _legacy_checkbox(default=1, checked=0):
        q._p.append(run)
    q.add_run("不同意")
    for run in _legacy_checkbox(default=1, checked=None):
        q._p.append(run)
    q.add_run("默认")
    # Wingdings typed as plain letters ("þ" is the ticked box) in a run set in that font
    r = d.add_paragraph().add_run("þ¨申报")
    r.font.name = "Wingdings"
    d.add_paragraph("原样保留：☐ ☑ ☒ □ ■ √")
    assert _lines(_bytes(d)) == [
        "☑甲□乙☐丙☒丁√戊",
        "☑同意☐不同意☑默认",
        "☑☐申报",
        "原样保留：☐ ☑ ☒ □ ■ √",
    ]


def test_unknown_symbol_is_dropped_with_a_warning() -> None:
    d = docx.Document()
    p = d.add_paragraph("电话")
    p._p.append(_sym("Wingdings", "F028"))  # a telephone picture: no text meaning
    doc = read_docx(_bytes(d), "t.docx", "sha")
    assert doc.text == "电话\n"
    assert any("F028" in w for w in doc.warnings)


def test_revisions_hidden_text_ruby_and_fields() -> None:
    d = docx.Document()
    p = d.add_paragraph("截止日期：")
    p._p.append(
        parse_xml(f'<w:del {NS} w:id="1" w:author="a"><w:r><w:delText>5月1日</w:delText></w:r></w:del>')
    )
    p._p.append(parse_xml(f'<w:ins {NS} w:id="2" w:author="a"><w:r><w:t>6月30日</w:t></w:r></w:ins>'))
    hidden = p.add_run("（内部备注）")
    hidden.font.hidden = True
    p._p.append(
        parse_xml(
            f"<w:r {NS}><w:ruby><w:rubyPr/><w:rt><w:r><w:t>xìn</w:t></w:r></w:rt>"
            "<w:rubyBase><w:r><w:t>信</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        ).find(f"{{{docx.oxml.ns.nsmap['w']}}}ruby")
    )
    link = '<w:r><w:t xml:space="preserve"> www.xinxixiaofei.com</w:t></w:r>'
    p._p.append(parse_xml(f"<w:hyperlink {NS}>{link}</w:hyperlink>"))
    p._p.append(_run('<w:fldChar w:fldCharType="begin"/>'))
    p._p.append(_run("<w:instrText> PAGE </w:instrText>"))
    p._p.append(_run('<w:fldChar w:fldCharType="separate"/>'))
    p._p.append(_run("<w:t>3</w:t>"))
    p._p.append(_run('<w:fldChar w:fldCharType="end"/>'))
    assert _lines(_bytes(d)) == ["截止日期：6月30日信 www.xinxixiaofei.com3"]


def test_text_box_is_read_once() -> None:
    d = docx.Document()
    p = d.add_paragraph("正文")
    box = "<w:p><w:r><w:t>文本框内容</w:t></w:r></w:p>"
    p._p.append(
        parse_xml(
            f'<w:r {NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
            ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
            ' xmlns:v="urn:schemas-microsoft-com:vml">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
            f"<w:txbxContent>{box}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
            "<mc:Fallback><w:pict><v:shape><v:textbox>"
            f"<w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )
    d.add_paragraph("之后")
    assert _lines(_bytes(d)) == ["正文", "文本框内容", "之后"]


def _chinese_numbering(d: docx.document.Document) -> str:
    """Add a 一、/（一）/1. multilevel list to the numbering part; return its numId."""
    numbering = d.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {NS} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%3."/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _numbered(d: docx.document.Document, text: str, num_id: str, level: int) -> None:
    p = d.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_automatic_chinese_list_numbers_are_rendered() -> None:
    d = docx.Document()
    nid = _chinese_numbering(d)
    _numbered(d, "总体要求", nid, 0)
    _numbered(d, "申报条件", nid, 0)
    _numbered(d, "申报主体", nid, 1)
    _numbered(d, "项目要求", nid, 1)
    _numbered(d, "具有独立法人资格", nid, 2)
    _numbered(d, "组织实施", nid, 0)
    _numbered(d, "推荐程序", nid, 1)
    d.add_paragraph("普通段落")
    d.add_paragraph("第一项", style="List Number")
    d.add_paragraph("第二项", style="List Number")
    assert _lines(_bytes(d)) == [
        "一、总体要求",
        "二、申报条件",
        "（一）申报主体",
        "（二）项目要求",
        "1. 具有独立法人资格",
        "三、组织实施",
        "（一）推荐程序",  # a new 一、 level restarts the （一） level below it
        "普通段落",
        "1. 第一项",
        "2. 第二项",
    ]


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (105, "一百零五"), (110, "一百一十")],
)
def test_chinese_counting(n: int, expected: str) -> None:
    assert docx_reader._zh_number(n) == expected


def test_ordinary_font_sizes_do_not_matter() -> None:
    d = docx.Document()
    run = d.add_paragraph().add_run("字号不影响文本")
    run.font.size = Pt(16)
    run.font.name = "仿宋_GB2312"
    assert _lines(_bytes(d)) == ["字号不影响文本"]


def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename])
            else:
                dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


@pytest.mark.parametrize(
    "replace",
    [
        {"word/document.xml": b"<w:document><w:body><w:p>unclosed"},
        {"word/_rels/document.xml.rels": b"not xml at all"},
        {"_rels/.rels": None},
        {"[Content_Types].xml": None},
        {"word/styles.xml": b"\x00\x01garbage"},
    ],
    ids=["broken-document-xml", "broken-rels", "no-package-rels", "no-content-types", "broken-styles"],
)
def test_damaged_docx(replace: dict[str, bytes | None]) -> None:
    data = _rezip(_notice(), replace)
    with pytest.raises(ReadError) as err:
        read_bytes(data, "bad.docx")
    assert err.value.kind == "damaged"
    message = str(err.value)
    assert message.startswith("bad.docx: the Word document is damaged (")
    assert "\n" not in message


def test_truncated_docx_is_damaged_not_a_crash() -> None:
    data = _notice()
    with pytest.raises(ReadError) as err:
        read_docx(data[: len(data) - 200], "cut.docx", "sha")
    assert err.value.kind == "damaged"


def test_docx_without_text_is_empty() -> None:
    d = docx.Document()
    d.add_paragraph("")
    d.add_table(rows=1, cols=2)
    with pytest.raises(ReadError) as err:
        read_docx(_bytes(d), "blank.docx", "sha")
    assert err.value.kind == "empty"


def test_zip_bomb_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_XML_BYTES", 1000)
    with pytest.raises(ReadError) as err:
        read_docx(_notice(), "big.docx", "sha")
    assert err.value.kind == "too-large"


def _patch_central_entry(data: bytes, name: str, offset: int, value: bytes) -> bytes:
    """Overwrite a field of `name`'s central-directory record (offsets as in the ZIP spec)."""
    start = 0
    out = bytearray(data)
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        name_len = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_len] == name.encode():
            out[start + offset : start + offset + len(value)] = value
            return bytes(out)
        start += 4
    raise AssertionError(f"{name} not in the central directory")


def test_a_lying_size_field_is_not_taken_for_a_zip_bomb() -> None:
    claimed = (900 * 1024 * 1024).to_bytes(4, "little")
    data = _patch_central_entry(_notice(), "word/document.xml", 24, claimed)
    doc = read_docx(data, "lying.docx", "sha")  # measured, not believed: the text is all there
    assert "单位名称\t某某科技有限公司" in doc.text


def test_unknown_zip_version_is_damaged() -> None:
    data = _patch_central_entry(_notice(), "word/document.xml", 6, b"\xff\x00")  # version needed 25.5
    with pytest.raises(ReadError) as err:
        read_docx(data, "odd.docx", "sha")
    assert err.value.kind == "damaged"


def test_nonsense_attribute_values_do_not_crash() -> None:
    d = docx.Document()
    nid = _chinese_numbering(d)
    numbering = d.part.numbering_part.element
    for lvl in numbering.iter(f"{{{docx.oxml.ns.nsmap['w']}}}start"):
        lvl.set(f"{{{docx.oxml.ns.nsmap['w']}}}val", "-3")
    _numbered(d, "负起点", nid, 0)
    p = d.add_paragraph("层级乱码")
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="²"/><w:numId w:val="{nid}"/></w:numPr>')
    )
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "格"
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {NS} w:val="abc"/>'))
    d.add_paragraph()._p.append(_sym("Wingdings", "not-hex"))
    assert _lines(_bytes(d)) == ["-3、负起点", "-2、层级乱码", "格"]


def test_numbering_inherited_from_the_heading_style() -> None:
    d = docx.Document()
    nid = _chinese_numbering(d)
    w = docx.oxml.ns.nsmap["w"]
    style = d.styles["Heading 2"].element
    style.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="{nid}"/></w:numPr>'))
    lvl1 = next(e for e in d.part.numbering_part.element.iter(f"{{{w}}}lvl") if e.get(f"{{{w}}}ilvl") == "1")
    lvl1.insert(0, parse_xml(f'<w:pStyle {NS} w:val="Heading2"/>'))  # Heading 2 is the （一） level
    d.add_heading("申报主体", level=2)
    d.add_paragraph("正文不编号")
    d.add_heading("项目要求", level=2)
    assert _lines(_bytes(d)) == ["（一）申报主体", "正文不编号", "（二）项目要求"]
