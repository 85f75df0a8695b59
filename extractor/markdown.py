"""A one-page Markdown summary of a notice, for a staff member's memo."""

from __future__ import annotations

from models import Notice


def _cell(s: object) -> str:
    return str(s if s is not None else "—").replace("|", "\\|").replace("\n", " ")


def notice_markdown(n: Notice, level: int = 1) -> str:
    h = "#" * level
    out = [f"{h} {n.title or n.source and n.source.path or '（无标题）'}", ""]
    head = [("发文机关", n.issuer), ("文号", n.doc_number), ("年度", n.year), ("项目", n.program),
            ("层级", n.level), ("成文日期", n.date), ("主送", "；".join(n.recipients) or None),
            ("公开属性", n.disclosure), ("引用文件", "、".join(n.references) or None)]
    out += ["| 项目 | 内容 |", "|---|---|"] + [f"| {k} | {_cell(v)} |" for k, v in head if v is not None]
    if n.directions:
        out += ["", f"{h}# 申报方向（{len(n.directions)}）", "", "| # | 方向 | 类别 | 门槛 |", "|---|---|---|---|"]
        for d in n.directions:
            th = "；".join(f"{t.quantity}{t.comparator}{t.value:g}{t.unit}" for t in d.thresholds)
            out.append(f"| {d.number} | {_cell(d.title)} | {_cell(d.category)} | {_cell(th or None)} |")
    if n.quotas:
        out += ["", f"{h}# 推荐名额", "", "| 推荐单位 | 上限 | 方向 | 额外 | 说明 |", "|---|---|---|---|---|"]
        for q in n.quotas:
            limit = "不限" if q.limit is None else q.limit
            note = "；".join(x for x in (q.note, q.overflow_rule) if x)
            out.append(f"| {_cell(q.recommender)} | {limit} | {_cell(q.direction or '全部')} | "
                       f"{'是' if q.extra else ''} | {_cell(note or None)} |")
    if n.deadlines:
        out += ["", f"{h}# 截止时间", ""]
        out += [f"- **{d.date}**{'（年份推定）' if d.year_inferred else ''} {d.actor}：{d.action}" for d in n.deadlines]
    for cl in n.city_lists:
        count = f"，声明 {cl.declared_count} 个" if cl.declared_count is not None else ""
        warn = " ⚠ 数量不符" if cl.count_mismatch else ""
        out += ["", f"{h}# {cl.tier}（{len(cl.cities)} 个{count}）{warn}", "",
                "、".join(f"{c.name}（{c.province}）" for c in cl.cities)]
    if n.contacts or n.addresses:
        out += ["", f"{h}# 联系方式", ""]
        out += [f"- {c.role or '联系人'}：{c.name} {' / '.join(c.phones)}" for c in n.contacts]
        out += [f"- 地址：{a.text}{'（' + a.org + '）' if a.org else ''}{' 邮编 ' + a.postcode if a.postcode else ''}"
                for a in n.addresses]
    if n.submission:
        s = n.submission
        parts = [f"一式{s.copies}份" if s.copies else "", "纸质版" if s.paper else "", "电子版" if s.electronic else "",
                 "、".join(s.delivery)]
        out += ["", f"{h}# 报送要求", "", "；".join(p for p in parts if p)]
    if n.attachments:
        out += ["", f"{h}# 附件", ""]
        out += [f"{a.number}. {a.title}{'' if a.present else '（未随文）'}" for a in n.attachments]
    if n.warnings:
        out += ["", f"{h}# 提示", ""] + [f"- {w}" for w in n.warnings]
    if n.forwarded:
        out += ["", f"{h}# 转发的通知", "", notice_markdown(n.forwarded, level + 1)]
    return "\n".join(out)
