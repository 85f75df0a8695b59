"""The PDF reader: rendered notices read back as their source text; bad PDFs refused by kind."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from extractor.readers import read, read_bytes
from extractor.readers.base import ReadError
from extractor.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "fixtures" / "pdf"
BAD_DIR = ROOT / "fixtures" / "bad"
SOURCE_DIRS = [ROOT / "corpora" / "notices", ROOT / "fixtures" / "notices"]
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _builder():
    """fixtures/build_pdfs.py as a module (fixtures/ is not a package)."""
    name = "build_pdfs_under_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "fixtures" / "build_pdfs.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _source(pdf: Path) -> Path:
    for folder in SOURCE_DIRS:
        candidate = folder / f"{pdf.stem}.txt"
        if candidate.exists():
            return candidate
    raise AssertionError(f"no source .txt for {pdf.name}")


def _fold_source(text: str) -> str:
    """What the renderer deliberately changes: checkbox inputs drawn as □, other HTML tags dropped."""
    text = re.sub(r"<input\b[^>]*checkbox[^>]*>", "□", text, flags=re.I)
    text = re.sub(r"</?[A-Za-z][^<>]*>", "", text)
    return re.sub(r"\s+", "", text)


def _first_difference(a: str, b: str) -> str:
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at {i}: source …{a[max(0, i - 30):i + 30]}… vs pdf …{b[max(0, i - 30):i + 30]}…"


def _pdf(pages: list[list[tuple[float, float, str, float]]], **canvas_kwargs) -> bytes:
    """A PDF from (x, y-from-top, text, font size) runs, one list per page."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, **canvas_kwargs)
    height = A4[1]
    for runs in pages:
        for x, y, text, size in runs:
            canvas.setFont(FONT, size)
            canvas.drawString(x, height - y, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


RENDERED = sorted(PDF_DIR.glob("*.pdf"))


def test_fixtures_exist():
    assert len(RENDERED) >= 5, "run python fixtures/build_pdfs.py"


# --- the rendered notices -----------------------------------------------------------------------


@pytest.mark.parametrize("pdf", RENDERED, ids=lambda p: p.stem)
def test_reads_back_the_source_text(pdf: Path):
    doc = read(pdf)
    assert doc.format == "pdf" and doc.warnings == []
    source = _fold_source(_source(pdf).read_text(encoding="utf-8"))
    got = re.sub(r"\s+", "", doc.text)
    assert got == source, _first_difference(source, got)


@pytest.mark.parametrize("pdf", RENDERED, ids=lambda p: p.stem)
def test_page_furniture_is_gone(pdf: Path):
    doc = read(pdf)
    raw = pdfplumber.open(pdf)
    assert len(raw.pages) > 1
    header = raw.pages[1].extract_text().split("\n")[0]  # drawn above the body on pages 2+
    source_lines = [line.strip() for line in _source(pdf).read_text(encoding="utf-8").splitlines()]
    lines = doc.text.split("\n")
    assert lines.count(header) <= source_lines.count(header)
    assert not [line for line in lines if re.fullmatch(r"— \d+ —", line)]
    for page in doc.pages:
        assert not re.search(r"— \d+ —", page.text)


@pytest.mark.parametrize("pdf", RENDERED, ids=lambda p: p.stem)
def test_pages_and_offsets_agree(pdf: Path):
    doc = read(pdf)
    assert len(doc.page_starts) == len(doc.pages)
    for start, page in zip(doc.page_starts, doc.pages, strict=True):
        assert doc.text[start:start + len(page.text)] == page.text
        assert doc.page_at(start) == page.number
        assert all(set(c) == {"text", "x0", "x1", "top", "bottom", "fontname", "size"} for c in page.chars)
    # At least one paragraph ran over a page break and was joined again (no newline at the seam).
    seams = [doc.text[s - 1] for s in doc.page_starts[1:]]
    assert any(ch != "\n" for ch in seams), "no paragraph was split across pages"


@pytest.mark.parametrize("pdf", RENDERED, ids=lambda p: p.stem)
def test_page_at_finds_a_line_of_page_two(pdf: Path):
    raw_lines = pdfplumber.open(pdf).pages[1].extract_text().split("\n")
    line = re.sub(r"\s+", "", raw_lines[len(raw_lines) // 2])  # mid-page: neither header nor footer
    doc = read(pdf)
    # Compare without whitespace (pdfplumber and the reader space some glyphs differently).
    kept = [i for i, ch in enumerate(doc.text) if not ch.isspace()]
    found = "".join(doc.text[i] for i in kept).find(line)
    assert found != -1, line
    assert doc.page_at(kept[found]) == 2


def test_split_paragraph_is_one_line_again():
    doc = read(PDF_DIR / "000_3f1d47bed975995a.pdf")
    seams = [s for s in doc.page_starts[1:] if doc.text[s - 1] != "\n"]
    assert seams
    for s in seams:
        line_start = doc.text.rfind("\n", 0, s) + 1
        line_end = doc.text.find("\n", s)
        joined = doc.text[line_start:line_end]
        assert doc.page_at(line_start) < doc.page_at(line_end)
        # the page's own text starts mid-line: the seam is where page N+1 begins
        assert doc.pages[doc.page_at(s) - 1].text.startswith(doc.text[s:line_end])
        assert "\n" not in joined


def test_table_rows_are_tab_lines_in_place():
    doc = read(PDF_DIR / "000_3f1d47bed975995a.pdf")
    lines = doc.text.split("\n")
    i = lines.index("单位名称\t全称（如实填写）\t\t")
    assert lines[i - 1] == "一、申报单位基本信息"
    assert lines[i + 1] == "申报联系人\t姓名\t\t手机"
    tables = [t for page in doc.pages for t in page.tables]
    assert tables[0][0] == ["单位名称", "全称（如实填写）", "", ""]
    field = next(row for t in tables for row in t if row[0] == "示范项目领域")
    assert "□方向 1：数字创意内容和服务 □方向 2：线上线下融合服务" in field[1]


# --- the bad PDFs: each refused with its own kind -------------------------------------------------


BAD_KINDS = {
    "encrypted.pdf": "encrypted",
    "image_only.pdf": "scanned",
    "truncated.pdf": "damaged",
    "zero_pages.pdf": "empty",
    "cid_no_unicode.pdf": "no-unicode-map",
}


@pytest.mark.parametrize("name", sorted(BAD_KINDS))
def test_bad_pdf_is_refused(name: str):
    make = _builder().BAD_PDFS[name]
    data = make()
    with pytest.raises(ReadError) as err:
        read_bytes(data, name)
    assert err.value.kind == BAD_KINDS[name]
    assert "\n" not in str(err.value) and name in str(err.value)
    assert (BAD_DIR / name).read_bytes() == data, "run python fixtures/build_pdfs.py"


def test_cid_fixture_really_is_cid_garbage():
    page = pdfplumber.open(io.BytesIO(_builder().cid_no_unicode_pdf())).pages[0]
    assert "(cid:" in page.extract_text()


def test_scanned_message_says_what_to_do():
    with pytest.raises(ReadError, match="no text layer; it looks like a scanned image — run OCR first"):
        read_bytes(_builder().image_only_pdf(), "scan.pdf")


def test_encrypted_with_empty_user_password_is_read():
    from reportlab.lib.pdfencrypt import StandardEncryption

    # Latin text: reportlab leaves the CID font's /Ordering string unencrypted, which pdfminer
    # then "decrypts" into nonsense; real encrypted notices do not have that producer bug.
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, encrypt=StandardEncryption("", "owner-secret"))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 700, "Opens without a password")
    canvas.showPage()
    canvas.save()
    assert read_bytes(out.getvalue(), "open.pdf").text == "Opens without a password\n"


def test_garbage_after_pdf_magic_is_damaged():
    with pytest.raises(ReadError) as err:
        read_pdf(b"%PDF-1.4\n" + bytes(range(256)) * 4, "junk.pdf", "sha")
    assert err.value.kind == "damaged"


def test_a_few_unmapped_glyphs_become_replacement_characters():
    b = _builder()
    good = " ".join(["Information consumption demonstration projects"] * 6)
    content = (
        b"BT /F2 10 Tf 40 800 Td (" + good.encode() + b") Tj ET"
        b" BT /F1 10 Tf 40 780 Td <09290A2A> Tj ET"
    )
    data = b._hand_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> /Contents 4 0 R >>",
            b._stream(content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /X+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X+SimSun"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            b" /FontDescriptor 7 0 R /DW 1000 >>",
            b"<< /Type /FontDescriptor /FontName /X+SimSun /Flags 4 /FontBBox [0 -141 1000 859]"
            b" /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
    doc = read_bytes(data, "mixed.pdf")
    assert "(cid:" not in doc.text and "\ufffd\ufffd" in doc.text
    assert "Information consumption demonstration projects" in doc.text
    assert any("no Unicode mapping" in w for w in doc.warnings)


# --- layout repairs on small hand-drawn PDFs ------------------------------------------------------


def test_justified_gaps_between_chinese_characters_are_dropped():
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    text = canvas.beginText(72, 760)
    text.setFont(FONT, 14)
    text.setCharSpace(9)  # justified: every glyph pushed 9pt apart, no space glyphs
    text.textLine("联合国教科文组织")
    text.setCharSpace(0)
    canvas.drawText(text)
    x = 72.0
    for ch in "关于联合国的通知":  # each glyph placed on its own, with gaps
        canvas.setFont(FONT, 14)
        canvas.drawString(x, 730, ch)
        x += 14 + 6
    canvas.setFont(FONT, 14)
    canvas.drawString(72, 700, "Hello World 2021 APP")
    canvas.drawString(72, 670, "联 合 国")  # letter-spaced with typed spaces
    canvas.drawString(72, 640, "联系人：裴艳 李琰 010-68208246")  # typed spaces between names stay
    canvas.showPage()
    canvas.save()
    lines = read_pdf(out.getvalue(), "j.pdf", "sha").text.split("\n")
    assert lines[:5] == [
        "联合国教科文组织",
        "关于联合国的通知",
        "Hello World 2021 APP",
        "联合国",
        "联系人：裴艳 李琰 010-68208246",
    ]


def test_gaps_between_latin_words_without_space_glyphs_are_kept():
    data = _pdf([[(72, 100, "Hello", 12), (72 + 40, 100, "World", 12), (72 + 80, 100, "2021", 12)]])
    assert read_pdf(data, "w.pdf", "sha").text == "Hello World 2021\n"


def test_fake_bold_is_read_once():
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setFont(FONT, 16)
    for dx in (0, 0.1, 0.2):  # the same title stamped three times to look bold
        canvas.drawString(100 + dx, 700, "关于组织开展示范项目申报工作的通知")
    canvas.drawString(100, 670, "正文")
    canvas.showPage()
    canvas.save()
    doc = read_pdf(out.getvalue(), "bold.pdf", "sha")
    assert doc.text == "关于组织开展示范项目申报工作的通知\n正文\n"
    assert len(doc.pages[0].chars) == len("关于组织开展示范项目申报工作的通知正文")


@pytest.mark.parametrize(
    "footer",
    ["— {n} —", "- {n} -", "-{n}-", "第{n}页", "第 {n} 页 共 3 页", "{n} / 3", "{n}"],
)
def test_page_numbers_are_dropped(footer: str):
    body = ["一、总体要求。", "二、申报条件。", "三、工作安排。"]
    pages = [[(72, 100, text, 14), (290, 800, footer.format(n=n), 12)] for n, text in enumerate(body, 1)]
    doc = read_pdf(_pdf(pages), "n.pdf", "sha")
    assert doc.text == "\n".join(body) + "\n"


def test_running_header_is_dropped_but_the_same_words_in_the_body_stay():
    pages = [[(72, 110, "某某市工业和信息化局", 16), (72, 140, "正文第一页。", 16)]]
    pages += [[(250, 50, "某某市工业和信息化局", 10), (72, 110, f"正文第{n}页。", 16)] for n in (2, 3, 4)]
    doc = read_pdf(_pdf(pages), "h.pdf", "sha")
    assert doc.text == "某某市工业和信息化局\n正文第一页。\n正文第2页。\n正文第3页。\n正文第4页。\n"


# --- wrapped paragraphs joined again ------------------------------------------------------------
#
# Drawn like a word processor lays out Chinese text: 14 pt characters, 26 to a line from x = 72 (so
# the text block's right edge is at 436), a line pitch of 28 pt. Three ways of marking paragraphs:
# GB/T 9704's two-character first-line indent, an empty line between flush-left paragraphs, or
# nothing at all (flush left, no gaps), where only the text can tell a wrap from a paragraph end.

LEFT, SIZE, PITCH, PER_LINE = 72.0, 14.0, 28.0, 26
RIGHT = LEFT + PER_LINE * SIZE
LAYOUTS = {"indent": (2, False), "gap": (0, True), "flush": (0, False)}
# Prose without a full stop, a numeral or a bracket: wherever it wraps, the text alone would not
# say that a paragraph ends or a heading starts there.
FILL = (
    "各有关单位要按照要求认真组织本地区示范项目申报工作，确保申报材料真实准确完整，"
    "加强对示范项目的跟踪检查和业务指导，推动信息消费扩大和升级，"
) * 3


def _typeset(
    paragraphs: list[str], layout: str, per_page: list[int] | None = None, top: float = 100.0
) -> list[list[tuple]]:
    """Runs for `_pdf`: each paragraph of full-width text wrapped at the block's width, the first
    line indented as the layout says; pages of `per_page` lines each (one page if None)."""
    indent, gap = LAYOUTS[layout]
    lines: list[tuple[float, str, bool]] = []  # x, text, after an empty line
    for n, para in enumerate(paragraphs):
        room, x, rest = PER_LINE - indent, LEFT + indent * SIZE, para
        first = True
        while rest:
            lines.append((x, rest[:room], gap and first and n > 0))
            rest, room, x, first = rest[room:], PER_LINE, LEFT, False
    counts = per_page or [len(lines)]
    assert sum(counts) == len(lines), [text for _, text, _ in lines]
    pages, i = [], 0
    for count in counts:
        y, runs = top, []
        for j, (x, text, after_gap) in enumerate(lines[i:i + count]):
            y += PITCH if j and after_gap else 0.0  # an empty line at the top of a page is dropped
            runs.append((x, y, text, SIZE))
            y += PITCH
        pages.append(runs)
        i += count
    return pages


def _full(lines: int, layout: str, end: str = "") -> str:
    """Text that fills exactly `lines` lines of a paragraph, its last character `end` if given."""
    n = PER_LINE * lines - LAYOUTS[layout][0]
    return FILL[: n - len(end)] + end


def _read_typeset(pages: list[list[tuple]]) -> str:
    return read_pdf(_pdf(pages), "t.pdf", "sha").text


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_wrapped_paragraph_is_one_line_again(layout: str):
    paragraphs = ["一、总体要求", FILL[:68] + "。", "二、工作安排", FILL[26:55] + "。"]
    pages = _typeset(paragraphs, layout)
    assert len(pages[0]) == len(paragraphs) + 3  # the prose was wrapped over three and two lines
    sep = "\n\n" if LAYOUTS[layout][1] else "\n"  # an empty line on the page is one in the text
    assert _read_typeset(pages) == sep.join(paragraphs) + "\n"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_heading_is_not_joined_to_its_paragraph(layout: str):
    # Where paragraphs are marked, even a heading that fills its line stays apart; unmarked, the
    # heading is short (a full one would be indistinguishable from a wrapped line of prose).
    heading = "一、" + FILL[: PER_LINE - LAYOUTS[layout][0] - 2] if layout != "flush" else "一、总体要求"
    paragraphs = [heading, _full(2, layout, "。"), "二、工作安排", FILL[:40] + "。"]
    pages = _typeset(paragraphs, layout)
    assert pages[0][0][2] == heading and pages[0][2][2].endswith("。")  # the lines meant above
    sep = "\n\n" if LAYOUTS[layout][1] else "\n"
    assert _read_typeset(pages) == sep.join(paragraphs) + "\n"


def test_a_paragraph_gap_is_not_joined():
    title = _full(1, "gap")  # fills its line and ends on no punctuation
    paragraphs = [title, FILL[3:60] + "。"]
    assert _read_typeset(_typeset(paragraphs, "gap")) == title + "\n\n" + paragraphs[1] + "\n"
    # The same lines without the empty line between them read as one wrapped paragraph: it is
    # the gap that keeps them apart.
    assert _read_typeset(_typeset(paragraphs, "flush")) == title + paragraphs[1] + "\n"


@pytest.mark.parametrize("layout", ["indent", "flush"])
def test_a_line_ending_at_a_full_stop_carries_on_where_paragraphs_are_indented(layout: str):
    head = _full(1, layout, "。")  # the wrap falls right after a full stop, the next line reads like a list item
    paragraph = head + "7．智能防控创新产品。" + FILL[:52] + "。"
    pages = _typeset([paragraph, "二、工作安排"], layout)
    assert pages[0][0][2] == head and pages[0][1][2].startswith("7．")
    text = _read_typeset(pages)
    if layout == "indent":
        assert text == paragraph + "\n二、工作安排\n"
    else:
        # Flush left with no gaps, a full line ending "。" followed by "7．" is also what a list
        # item after a paragraph that filled its last line looks like: the reader cannot know, and
        # keeps the break.
        assert text.split("\n")[:2] == [head, paragraph[len(head):]]


def test_a_wrapped_url_and_phone_number_come_back_whole():
    def flush_right(text: str) -> float:  # the first line of a justified paragraph ends at the edge
        return RIGHT - pdfmetrics.stringWidth(text, FONT, SIZE)

    url_head, phone_head = "各单位请登录申报系统（www.xinxixiaofei.co", "联系人：张示例，电话：0571-"
    runs = [
        (100, "一、申报方式"),
        (flush_right(url_head), url_head),
        (LEFT, "m/sfxm）注册并在线提交申报材料。"),
        (flush_right(phone_head), phone_head),
        (LEFT, "5555 1234转8021；邮寄地址：杭州市某某路1号。"),
        # Ends short: the number after it did not fit, so the layout moved all of it down.
        (100, "联系人：王样本（省经信厅数字经济处），电话："),
        (LEFT, "0571-5555 8207转8022。"),
        (flush_right("展会英文名称为 Information"), "展会英文名称为 Information"),
        (LEFT, "Consumption Expo。"),
    ]
    pages = [[(x, 100 + i * PITCH, text, SIZE) for i, (x, text) in enumerate(runs)]]
    assert _read_typeset(pages).split("\n") == [
        "一、申报方式",
        "各单位请登录申报系统（www.xinxixiaofei.com/sfxm）注册并在线提交申报材料。",
        "联系人：张示例，电话：0571-5555 1234转8021；邮寄地址：杭州市某某路1号。",
        "联系人：王样本（省经信厅数字经济处），电话：0571-5555 8207转8022。",
        "展会英文名称为 Information Consumption Expo。",  # two Latin words: the wrap took a space
        "",
    ]


@pytest.mark.parametrize("by_hand", [False, True])
def test_a_centred_title_is_one_line_only_where_the_layout_wrapped_it(by_hand: bool):
    title = "工业和信息化部办公厅关于组织开展新型信息消费示范项目申报工作的通知"
    big = 20.0  # 18 characters fill the 364 pt measure
    split = 13 if by_hand else 18  # balanced by its author, or filled to the measure by the layout
    runs = [(LEFT + (RIGHT - LEFT - len(part) * big) / 2, 100 + i * 32, part, big)
            for i, part in enumerate((title[:split], title[split:]))]
    body = ["各有关单位：", FILL[:60] + "。", FILL[10:70] + "。"]
    pages = [runs + _typeset(body, "indent", top=180)[0]]
    lines = _read_typeset(pages).split("\n")
    assert lines[: 2 if by_hand else 1] == ([title[:split], title[split:]] if by_hand else [title])
    assert lines[-4:] == [*body, ""]


@pytest.mark.parametrize("layout", ["indent", "flush"])
def test_paragraph_is_joined_across_a_page_break_only_when_it_continues(layout: str):
    paragraphs = [
        "一、工作要求",
        _full(2, layout) + "有效。",  # runs over the page break
        _full(1, layout, "。"),  # ends exactly at the edge, at the foot of page 2
        "二、工作安排",
        _full(1, layout),  # fills the last line of page 3, then a heading opens page 4
        "（一）加强组织。",
    ]
    doc = read_pdf(_pdf(_typeset(paragraphs, layout, per_page=[3, 2, 2, 1])), "p.pdf", "sha")
    assert doc.text.split("\n") == [*paragraphs, ""]
    assert doc.page_at(doc.text.index("有效")) == 2
    assert doc.page_at(doc.text.index("有效") - 1) == 1


def test_a_short_line_at_the_foot_of_a_page_is_not_joined():
    pages = [[(72, 100, "各有关单位要按照要求认真组织申报工作，确保申报材料真实", 14),
              (72, 130, "工业和信息化部办公厅", 14)], [(72, 100, "工信厅信发函〔2021〕27号", 14)]]
    assert read_pdf(_pdf(pages), "s.pdf", "sha").text.endswith("工业和信息化部办公厅\n工信厅信发函〔2021〕27号\n")


def test_pdfminer_complaints_become_warnings_not_stderr(capfd):
    b = _builder()
    content = b"BT /F1 12 Tf 72 700 Td (Readable line) Tj 0 -20 Td [(Broken) /C8A0] TJ ET"
    data = b._hand_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b._stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
    doc = read_bytes(data, "noisy.pdf")
    assert doc.text.startswith("Readable line\n")
    assert any(w.startswith("pdfminer: ") for w in doc.warnings)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("turn", [90, -90, 180])
def test_a_page_drawn_sideways_is_read_in_its_own_direction(turn: int):
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.saveState()
    canvas.translate(300, 420)
    canvas.rotate(turn)
    canvas.setFont(FONT, 14)
    canvas.drawString(-150, 0, "附件2 推荐汇总表")
    canvas.drawString(-150, -20, "填报单位：某某市")
    canvas.rect(-150, -80, 200, 40)
    canvas.line(-50, -80, -50, -40)
    canvas.line(-150, -60, 50, -60)
    for x, y, text in ((-145, -55, "序号"), (-45, -55, "项目名称"), (-145, -75, "1"), (-45, -75, "智慧养老")):
        canvas.drawString(x, y, text)
    canvas.restoreState()
    canvas.setFont(FONT, 10)
    canvas.drawString(280, 40, "— 7 —")  # upright page number on the sideways page
    canvas.showPage()
    canvas.save()
    doc = read_pdf(out.getvalue(), "side.pdf", "sha")
    assert doc.text == "附件2 推荐汇总表\n填报单位：某某市\n序号\t项目名称\n1\t智慧养老\n"
    assert doc.pages[0].tables == [[["序号", "项目名称"], ["1", "智慧养老"]]]


def test_a_diagonal_watermark_is_left_out():
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setFont(FONT, 14)
    canvas.drawString(72, 760, "关于开展示范项目申报工作的通知")
    canvas.drawString(72, 730, "各有关单位：")
    canvas.saveState()
    canvas.translate(300, 420)
    canvas.rotate(45)
    canvas.setFont(FONT, 40)
    canvas.drawString(-120, 0, "内部资料")
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    doc = read_pdf(out.getvalue(), "wm.pdf", "sha")
    assert doc.text == "关于开展示范项目申报工作的通知\n各有关单位：\n"
    assert any("left out" in w for w in doc.warnings)
