"""The checklist as a reviewer reads it: Markdown for one application, an XLSX workbook for a batch."""

from __future__ import annotations

import io
import os
import re

from extractor.checklist.context import NoticeContext, place_of
from models import Checklist, ChecklistItem, Evidence
from models.application import BatchEntry, BatchReport

STATUS_ZH = {"pass": "通过", "fail": "不通过", "needs_review": "需人工复核", "not_applicable": "不适用"}
_MARK = {"pass": "✅", "fail": "❌", "needs_review": "⚠️", "not_applicable": "—"}
DEFAULT_COLUMNS = ["序号", "项目单位", "项目名称", "申报方向", "项目联系人及电话", "检查结论", "备注"]


def _quote(ev: Evidence | None, limit: int = 80) -> str:
    if ev is None:
        return ""
    text = " ".join(ev.text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    where = f"（第{ev.page}页）" if ev.page else ""
    return f"{text}{where}"


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def checklist_markdown(cl: Checklist) -> str:
    name = os.path.basename(cl.application or "申报书")
    lines = [f"# 形式审查清单：{name}", ""]
    if cl.notice:
        lines.append(f"- 对应通知：{cl.notice}")
    if cl.form:
        lines.append(f"- 申报书模板：{cl.form}")
    counts = "，".join(f"{STATUS_ZH[k]} {v}" for k, v in cl.summary.items() if v)
    lines += [f"- 结论：**{STATUS_ZH.get(cl.verdict or '', cl.verdict or '')}**（{counts}）", "",
              "| # | 检查项 | 结论 | 说明 | 申报书中的依据 | 通知依据 |", "|---:|---|---|---|---|---|"]
    for i, item in enumerate(cl.items, 1):
        lines.append(f"| {i} | {_cell(item.rule)} | {_MARK[item.status]} {STATUS_ZH[item.status]} | {_cell(item.reason)} | "
                     f"{_cell(_quote(item.evidence))} | {_cell(_quote(item.clause))} |")
    return "\n".join(lines) + "\n"


def batch_markdown(report: BatchReport, ctx: NoticeContext) -> str:
    lines = [f"# 批量形式审查：{report.recommender or '（未指定推荐单位）'}", "", f"- 对应通知：{report.notice}",
             "- " + "，".join(f"{k} {v}" for k, v in report.summary.items()), ""]
    if report.items:
        lines += ["## 推荐数量", "", "| 检查项 | 结论 | 说明 |", "|---|---|---|"]
        lines += [f"| {_cell(i.rule)} | {_MARK[i.status]} {STATUS_ZH[i.status]} | {_cell(i.reason)} |" for i in report.items]
        lines.append("")
    columns, rows = summary_rows(report, ctx)
    lines += ["## 汇总表", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(str(c)) for c in row) + " |" for row in rows]
    errors = [e for e in report.entries if e.error]
    if errors:
        lines += ["", "## 未能读取", ""] + [f"- {os.path.basename(e.path)}：{e.error}" for e in errors]
    return "\n".join(lines) + "\n"


def _column_value(col: str, e: BatchEntry, order: dict[int, int], ctx: NoticeContext) -> str | int:
    c = re.sub(r"\s", "", col)
    if c == "序号":
        return e.index
    if e.error:
        return f"（未能读取：{os.path.basename(e.path)}）" if "名称" in c else ""
    if "额外" in c:
        return "是" if e.quota_status == "extra" else "否"
    if "排序" in c:
        return order.get(e.index, "")
    if "方向" in c:
        return e.direction or ""
    if "联系人" in c or "电话" in c:
        return e.contact or ""
    if "所在地" in c:
        address = next((it.evidence.text for it in (e.checklist.items if e.checklist else [])
                        if it.id == "registered" and it.evidence), "")
        found = place_of(address) if address else None
        return (found[0] or found[1]) if found else ""
    if "结论" in c:
        return STATUS_ZH.get(e.verdict or "", "")
    if "备注" in c:
        return e.remark
    if "单位" in c:
        return e.unit_name or ""
    if "名称" in c:
        return e.project_name or ""
    return ""


def summary_rows(report: BatchReport, ctx: NoticeContext) -> tuple[list[str], list[list[str | int]]]:
    """The summary table the notice asks for (its header row), one line per application."""
    form = ctx.summary_form()
    columns = list(form.columns) if form and form.columns else list(DEFAULT_COLUMNS)
    order: dict[int, int] = {}
    for status in ("counted", "extra", "over"):
        # 推荐排序: the order of recommendation, extra recommendations ranked on their own.
        n = 0
        for e in report.entries:
            if e.quota_status == status or (status == "counted" and e.quota_status is None and not e.error):
                n += 1
                order[e.index] = n
    rows = [[_column_value(c, e, order, ctx) for c in columns] for e in report.entries]
    return columns, rows


def _items_rows(items: list[ChecklistItem]) -> list[list[str | int]]:
    return [[i, it.rule, STATUS_ZH[it.status], it.reason, _quote(it.evidence, 200), _quote(it.clause, 200)]
            for i, it in enumerate(items, 1)]


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(base: str, taken: set[str]) -> str:
    name = _SHEET_BAD.sub("_", base)[:31] or "sheet"
    k = 2
    while name in taken:
        suffix = f"~{k}"
        name = _SHEET_BAD.sub("_", base)[: 31 - len(suffix)] + suffix
        k += 1
    taken.add(name)
    return name


def batch_workbook(report: BatchReport, ctx: NoticeContext) -> bytes:
    """One workbook: the summary table, the quota checks, then one sheet per application."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    bold = Font(bold=True)
    fills = {"不通过": PatternFill("solid", fgColor="F4CCCC"), "需人工复核": PatternFill("solid", fgColor="FFF2CC"),
             "通过": PatternFill("solid", fgColor="D9EAD3")}
    taken: set[str] = set()
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_name("汇总表", taken)
    form = ctx.summary_form()
    title = form.title if form else "推荐项目汇总表"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"推荐单位：{report.recommender or ''}"])
    columns, rows = summary_rows(report, ctx)
    ws.append(columns)
    for cell in ws[3]:
        cell.font = bold
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFGH", (6, 28, 34, 22, 22, 12, 40, 12), strict=False):
        ws.column_dimensions[col].width = width

    qs = wb.create_sheet(_sheet_name("推荐数量", taken))
    qs.append(["检查项", "结论", "说明", "通知依据", "超出的申报书"])
    for cell in qs[1]:
        cell.font = bold
    for it in report.items:
        qs.append([it.rule, STATUS_ZH[it.status], it.reason, _quote(it.clause, 200), "、".join(it.fields)])
    for col, width in zip("ABCDE", (50, 12, 40, 60, 40), strict=True):
        qs.column_dimensions[col].width = width

    for e in report.entries:
        name = f"{e.index:02d} {e.unit_name or os.path.splitext(os.path.basename(e.path))[0]}"
        sheet = wb.create_sheet(_sheet_name(name, taken))
        sheet.append([os.path.basename(e.path)])
        sheet["A1"].font = bold
        if e.error or e.checklist is None:
            sheet.append(["未能读取", e.error or ""])
            continue
        sheet.append(["结论", STATUS_ZH.get(e.verdict or "", ""), "备注", e.remark])
        sheet.append(["#", "检查项", "结论", "说明", "申报书中的依据", "通知依据"])
        for cell in sheet[3]:
            cell.font = bold
        for row in _items_rows(e.checklist.items):
            sheet.append(row)
            fill = fills.get(str(row[2]))
            if fill is not None:
                sheet.cell(row=sheet.max_row, column=3).fill = fill
        for col, width in zip("ABCDEF", (5, 44, 12, 50, 50, 50), strict=True):
            sheet.column_dimensions[col].width = width
        for r in sheet.iter_rows(min_row=4):
            for cell in r:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
