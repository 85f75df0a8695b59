"""A self-contained HTML report: aligned directions side by side with their word changes marked.

One file, no external assets (styles inline, no scripts, no fonts or images fetched), so it opens
the same offline, in a mail attachment or an archive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from html import escape

from extractor.compare.report_md import (
    CHANGE_WORDS,
    DIRECTION_WORDS,
    FIELD_WORDS,
    QUOTA_WORDS,
    limit_text,
    notice_name,
    short_name,
    summary_rows,
)
from models.diff import Comparison, DirectionChange, PolicyDiff

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;
max-width:1300px;color:#1f2328;line-height:1.6;padding:0 1em}
h1{font-size:1.6em;border-bottom:2px solid #d0d7de;padding-bottom:.3em}h2{font-size:1.3em;margin-top:2em}
h3{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:.35em .6em;vertical-align:top}
th{background:#f6f8fa;text-align:left}td.num{text-align:right;white-space:nowrap}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}ins{background:#ccffd8;color:#055d20;text-decoration:none}
table.side{table-layout:fixed}.side th:nth-child(1),.side th:nth-child(3){width:44%}.side th:nth-child(2){width:12%}
.side td.mid{text-align:center}
table.text-changes{table-layout:fixed}.text-changes th:nth-child(1){width:14%}.text-changes th:nth-child(2),
.text-changes th:nth-child(3){width:40%}.text-changes th:nth-child(4){width:6%}
.tag{display:inline-block;border-radius:1em;padding:0 .6em;font-size:.85em;background:#eaeef2}
.tag.added{background:#ccffd8}.tag.removed{background:#ffd7d5}.tag.merged,.tag.split{background:#ddf4ff}
.tag.renamed,.tag.modified{background:#fff8c5}.tag.amb{background:#fbefff;color:#6639ba}
.title{font-weight:bold}.desc{font-size:.92em;color:#333}.note{color:#57606a;font-size:.9em}
.cands{margin-top:.4em;font-size:.9em;color:#6639ba}.meta{color:#57606a}
blockquote{border-left:4px solid #d0d7de;margin:.6em 0;padding:.2em 1em;color:#57606a}
"""


_HAN = re.compile(r"[\u3400-\u9fff]")


def _tokens(text: str) -> list[str]:
    """jieba words, a one-character word joined to the word before it, so that 沉浸型 → 沉浸式 is
    marked as the word that changed, not as 型 → 式."""
    from extractor.nlp import jieba_tokenizer

    out: list[str] = []
    for t in jieba_tokenizer().lcut(text):
        if len(t) == 1 and _HAN.match(t) and out and _HAN.match(out[-1][-1]):
            out[-1] += t
        else:
            out.append(t)
    return out


def marked(old: str, new: str) -> tuple[str, str]:
    """Both texts as HTML, words only in the old one in <del>, words only in the new one in <ins>."""
    a, b = _tokens(old), _tokens(new)
    sm = SequenceMatcher(None, a, b, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        x, y = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            left.append(x)
            right.append(y)
            continue
        if x:
            left.append(f"<del>{x}</del>")
        if y:
            right.append(f"<ins>{y}</ins>")
    return "".join(left), "".join(right)


def _tag(change: str, text: str | None = None) -> str:
    return f'<span class="tag {escape(change)}">{escape(text or DIRECTION_WORDS.get(change, change))}</span>'


def _side_cells(d: DirectionChange) -> tuple[str, str]:
    def head(numbers: Sequence[int], titles: Sequence[str]) -> list[str]:
        return [f'<div class="title">{n}. {escape(t)}</div>' for n, t in zip(numbers, titles, strict=False)]

    old_heads, new_heads = head(d.old_numbers, d.old), head(d.new_numbers, d.new)
    old_text, new_text = "\n".join(d.old_descriptions), "\n".join(d.new_descriptions)
    if d.old and d.new:
        left, right = marked(old_text, new_text)
        if d.change == "unchanged":
            left, right = escape(old_text), escape(new_text)
    else:
        left, right = escape(old_text), escape(new_text)
    left_html = "".join(old_heads) + (f'<div class="desc">{left}</div>' if left else "")
    right_html = "".join(new_heads) + (f'<div class="desc">{right}</div>' if right else "")
    return left_html or "—", right_html or "—"


def _direction_rows(diff: PolicyDiff) -> str:
    rows = []
    for d in diff.directions:
        left, right = _side_cells(d)
        mid = [_tag(d.change)]
        if d.ambiguous:
            mid.append(_tag("amb", "待定"))
        if d.similarity is not None:
            mid.append(f'<div class="note">相似度 {d.similarity:.2f}</div>')
        if d.note:
            mid.append(f'<div class="note">{escape(d.note)}</div>')
        extra = []
        for t in d.thresholds:
            extra.append(f'<div class="note">门槛 {escape(t.quantity)}：{escape(t.old or "—")} → <b>{escape(t.new or "—")}</b></div>')
        if d.wording:
            words = "；".join(f"<del>{escape(w.old)}</del> → <ins>{escape(w.new)}</ins>" for w in d.wording)
            extra.append(f'<div class="note">措辞：{words}</div>')
        if d.category_changed:
            extra.append(f'<div class="note">类别：{escape(d.old_category or "—")} → {escape(d.new_category or "—")}</div>')
        if d.candidates:
            items = "".join(f"<li>{escape(DIRECTION_WORDS.get(c.change, c.change))}：{escape(' + '.join(c.old))} → "
                            f"{escape(' + '.join(c.new))}（{c.similarity or 0:.2f}）</li>" for c in d.candidates)
            extra.append(f'<div class="cands">候选（未作判断）：<ul>{items}</ul></div>')
        target_right = d.new and not d.old
        if extra:
            if target_right:
                right += "".join(extra)
            else:
                left += "".join(extra)
        rows.append(f'<tr><td>{left}</td><td class="mid">{"".join(mid)}</td><td>{right}</td></tr>')
    return ('<table class="side aligned-directions"><thead><tr><th>旧</th><th>变化</th><th>新</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def diff_section(diff: PolicyDiff, level: int = 2) -> str:
    h, h2 = f"h{level}", f"h{level + 1}"
    mode = "转发比较（只列转发单位新增或覆盖的内容）" if diff.mode == "forward" else "版本比较"
    out = [f"<section><{h}>{escape(mode)}</{h}>",
           f'<p class="meta">旧：{escape(notice_name(diff.old))}<br>新：{escape(notice_name(diff.new))}</p>',
           f"<{h2}>摘要</{h2}>", _table(["项目", "变化"], [[escape(a), escape(b)] for a, b in summary_rows(diff)], "summary")]
    out += [f"<blockquote>{escape(n)}</blockquote>" for n in diff.notes]
    if diff.directions:
        out += [f"<{h2}>申报方向（逐方向对齐）</{h2}>", _direction_rows(diff)]
    if diff.categories and any(c.change != "unchanged" for c in diff.categories):
        out += [f"<{h2}>类别</{h2}>", _table(["变化", "旧", "新"], [[_tag(c.change), escape(c.old or "—"), escape(c.new or "—")]
                                                                   for c in diff.categories])]
    if diff.quotas:
        rows = []
        for q in diff.quotas:
            note = "；".join(x for x in (q.note, f"原：{q.old_recommender}" if q.old_recommender else "",
                                         f"超限规则：{q.old_overflow or q.new_overflow}" if "overflow" in q.change else "") if x)
            rows.append([escape(QUOTA_WORDS.get(q.change, q.change)), escape(q.recommender), escape(q.direction or "全部方向"),
                         "是" if q.extra else "", escape(limit_text(q.old_limit, q.change not in ("added", "extra_added"))),
                         escape(limit_text(q.new_limit, q.change not in ("removed", "extra_removed"))), escape(note)])
        out += [f"<{h2}>推荐名额</{h2}>", _table(["变化", "推荐单位", "方向", "额外", "旧", "新", "说明"], rows, "quotas")]
    c = diff.cities
    if c.added or c.removed or c.tier_changed:
        rows = [[escape(x.name), escape(x.province or ""), _tag("added", "新增"), "—", escape(x.tier or "")] for x in c.added]
        rows += [[escape(x.name), escape(x.province or ""), _tag("removed", "删除"), escape(x.tier or ""), "—"] for x in c.removed]
        rows += [[escape(x.name), "", _tag("modified", "调整层级"), escape(x.old_tier), escape(x.new_tier)] for x in c.tier_changed]
        out += [f"<{h2}>示范城市</{h2}>", _table(["城市", "省份", "变化", "旧层级", "新层级"], rows, "cities"),
                f'<p class="note">另有 {c.unchanged} 个城市层级不变。</p>']
    if c.declared_counts:
        rows = [[escape(x.tier), str(x.old if x.old is not None else "未声明"), str(x.new if x.new is not None else "未声明"),
                 str(x.old_listed), str(x.new_listed)] for x in c.declared_counts]
        out += [_table(["层级", "旧声明数", "新声明数", "旧实列", "新实列"], rows, "declared")]
    if diff.deadlines:
        rows = [[escape(CHANGE_WORDS.get(d.change, d.change)), escape(d.old or "—"), escape(d.new or "—"),
                 f"{d.days:+d}" if d.days else "", escape(d.new_actor or d.old_actor), escape(d.action)] for d in diff.deadlines]
        out += [f"<{h2}>截止时间</{h2}>", _table(["变化", "旧", "新", "相差天数", "主体", "事项"], rows, "deadlines")]
    if diff.requirements:
        rows = [[escape(FIELD_WORDS.get(r.field, r.field)), escape(CHANGE_WORDS.get(r.change, r.change)),
                 escape(r.old or "—"), escape(r.new or "—")] for r in diff.requirements]
        out += [f"<{h2}>报送与资格要求</{h2}>", _table(["项目", "变化", "旧", "新"], rows, "requirements")]
    if diff.text_changes:
        rows = []
        for t in diff.text_changes:
            left, right = marked(t.old.text if t.old else "", t.new.text if t.new else "")
            rows.append([escape(t.where), left, right, f"{t.similarity or 0:.2f}"])
        out += [f"<{h2}>措辞变化（对齐段落的逐词差异）</{h2}>", _table(["位置", "旧", "新", "相似度"], rows, "text-changes")]
    out.append("</section>")
    return "\n".join(out)


def _timeline(comparison: Comparison) -> str:
    head = [short_name(n) for n in comparison.notices] + ["备注"]
    rows = []
    for row in comparison.timeline:
        cells = [escape(row.titles[0] or "—")]
        for title, change in zip(row.titles[1:], row.changes, strict=False):
            tag = _tag(change) if change not in (None, "inherited", "unchanged") else ""
            cells.append(f"{escape(title)} {tag}" if title else (tag or "—"))
        cells.append(_tag("amb", "待定（见候选）") if row.ambiguous else "")
        rows.append(cells)
    return _table(head, rows, "timeline")


def html(items: Comparison | PolicyDiff) -> str:
    """The whole report as one HTML document."""
    comparison = Comparison(diffs=[items], notices=[r for r in (items.old, items.new) if r]) if isinstance(items, PolicyDiff) else items
    names = " → ".join(escape(short_name(n)) for n in comparison.notices)
    body = [f"<h1>政策版本比较</h1><p class=\"meta\">{names}</p>"]
    if len(comparison.diffs) > 1:
        # Aspects down, steps across: each step's column reads as that step's summary.
        steps = [f"{short_name(d.old)} → {short_name(d.new)}" for d in comparison.diffs]
        per_step = [summary_rows(d) for d in comparison.diffs]
        rows = [[escape(aspect)] + [escape(step[k][1]) for step in per_step] for k, (aspect, _) in enumerate(per_step[0])]
        body += ["<h2>摘要</h2>", _table(["项目", *steps], rows, "summary")]
        if comparison.timeline:
            body += ["<h2>方向时间线</h2>", _timeline(comparison)]
    body += [diff_section(d) for d in comparison.diffs]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>政策版本比较 {names}</title><style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
