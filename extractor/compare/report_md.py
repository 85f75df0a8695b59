"""A researcher's memo in Markdown: the summary table first, then the details of each change."""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.diff import Comparison, NoticeRef, PolicyDiff

DIRECTION_WORDS = {"unchanged": "不变", "renamed": "改名", "modified": "修改", "added": "新增", "removed": "删除",
                   "merged": "合并", "split": "拆分", "inherited": "沿用"}
QUOTA_WORDS = {"unchanged": "不变", "limit_changed": "上限变化", "added": "新增", "removed": "取消",
               "extra_added": "新增额外名额", "extra_removed": "取消额外名额", "overflow_added": "新增超限规则",
               "overflow_removed": "取消超限规则", "overridden": "转发覆盖"}
CHANGE_WORDS = {"changed": "变化", "added": "新增", "removed": "取消", "unchanged": "不变"}
FIELD_WORDS = {"copies": "份数", "paper": "纸质版", "electronic": "电子版", "delivery": "报送渠道",
               "eligibility": "申报资格", "attachment": "附件"}


def cell(value: object) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def limit_text(limit: int | None, present: bool = True) -> str:
    if not present:
        return "—"
    return "不限" if limit is None else f"≤{limit}"


def notice_name(ref: NoticeRef | None) -> str:
    if ref is None:
        return "—"
    bits = [ref.title or ref.label]
    extra = "，".join(str(x) for x in (ref.doc_number, ref.year) if x)
    if ref.layer == "forwarded":
        extra = "，".join(x for x in (extra, "转发件中的原通知") if x)
    return f"{bits[0]}（{extra}）" if extra else bits[0]


def short_name(ref: NoticeRef | None) -> str:
    """003 (2018 方案) style: the file's number, then the year and who issued it."""
    if ref is None:
        return "?"
    stem, _, layer = ref.label.partition("#")
    base = re.sub(r"_[0-9a-f]{8,}$", "", stem)
    bits = [str(ref.year) if ref.year else "", ref.issuer or ""]
    if layer or ref.layer == "forwarded":
        bits.append("被转发的原通知")
    extra = "，".join(b for b in bits if b)
    return f"{base}（{extra}）" if extra else base


def counts(diff: PolicyDiff, prefix: str, words: dict[str, str]) -> str:
    parts = [f"{words.get(k.split('.', 1)[1], k.split('.', 1)[1])} {v}" for k, v in diff.summary.items()
             if k.startswith(prefix + ".")]
    return " · ".join(parts) or "无变化"


def summary_rows(diff: PolicyDiff) -> list[tuple[str, str]]:
    """(aspect, what changed) for the summary table of a memo or a report."""
    if diff.directions:
        directions = counts(diff, "directions", DIRECTION_WORDS)
        ambiguous = diff.summary.get("directions.ambiguous", 0)
        directions = " · ".join(p for p in directions.split(" · ") if not p.startswith("ambiguous"))
        if ambiguous:
            directions += f"；其中 {ambiguous} 项待定（列出候选，未作判断）"
    else:
        directions = "无（沿用原通知）" if diff.mode == "forward" else "无"
    rows = [("申报方向", directions)]
    thresholds = [f"{c.new[0] if c.new else c.old[0]}：{t.quantity} {t.old or '—'} → {t.new or '—'}"
                  for c in diff.directions for t in c.thresholds]
    rows.append(("门槛", "；".join(thresholds) or "无变化"))
    rows.append(("推荐名额", counts(diff, "quotas", QUOTA_WORDS)))
    c = diff.cities
    if c.list_only_in:
        rows.append(("示范城市", f"名单只见于{'新' if c.list_only_in == 'new' else '旧'}文件"))
    else:
        city = [f"新增 {len(c.added)}" if c.added else "", f"删除 {len(c.removed)}" if c.removed else "",
                f"调整层级 {len(c.tier_changed)}" if c.tier_changed else "",
                f"声明数量变化 {len(c.declared_counts)}" if c.declared_counts else ""]
        rows.append(("示范城市", " · ".join(x for x in city if x) or "无变化"))
    dl = [f"不变 {d.new}" if d.change == "unchanged" else f"{CHANGE_WORDS.get(d.change, d.change)} {d.old or '—'} → {d.new or '—'}"
          for d in diff.deadlines]
    rows.append(("截止时间", "；".join(dl) or "无"))
    rows.append(("报送与资格要求", counts(diff, "requirements", CHANGE_WORDS)))
    rows.append(("措辞变化", f"{len(diff.text_changes)} 处" if diff.text_changes else "无"))
    return rows


def diff_markdown(diff: PolicyDiff, level: int = 1) -> str:
    h = "#" * level
    mode = "转发比较（只列转发单位新增或覆盖的内容）" if diff.mode == "forward" else "版本比较"
    out = [f"{h} {mode}", "", f"- 旧：{notice_name(diff.old)}", f"- 新：{notice_name(diff.new)}", "",
           f"{h}# 摘要", "", "| 项目 | 变化 |", "|---|---|"]
    out += [f"| {a} | {cell(b)} |" for a, b in summary_rows(diff)]
    if diff.notes:
        out += ["", *[f"> {n}" for n in diff.notes]]
    if diff.directions:
        out += ["", f"{h}# 申报方向", "", "| 变化 | 旧 | 新 | 相似度 | 说明 |", "|---|---|---|---:|---|"]
        for d in diff.directions:
            change = DIRECTION_WORDS.get(d.change, d.change) + ("（待定）" if d.ambiguous else "")
            old = "；".join(f"{n}. {t}" for n, t in zip(d.old_numbers, d.old, strict=False)) or None
            new = "；".join(f"{n}. {t}" for n, t in zip(d.new_numbers, d.new, strict=False)) or None
            notes = [d.note] if d.note else []
            notes += [f"{w.old or '∅'}→{w.new or '∅'}" for w in d.wording]
            notes += [f"{t.quantity} {t.old or '—'}→{t.new or '—'}" for t in d.thresholds]
            if d.category_changed:
                notes.append(f"类别 {d.old_category}→{d.new_category}")
            if d.candidates:
                cands = "、".join(f"{DIRECTION_WORDS.get(c.change, c.change)}："
                                 f"{' + '.join(c.old)}→{' + '.join(c.new)}（{c.similarity:.2f}）" for c in d.candidates)
                notes.append(f"候选 {cands}")
            sim = f"{d.similarity:.2f}" if d.similarity is not None else "—"
            out.append(f"| {change} | {cell(old)} | {cell(new)} | {sim} | {cell('；'.join(notes))} |")
    if diff.categories and any(c.change != "unchanged" for c in diff.categories):
        out += ["", f"{h}# 类别", "", "| 变化 | 旧 | 新 |", "|---|---|---|"]
        out += [f"| {DIRECTION_WORDS.get(c.change, c.change)} | {cell(c.old)} | {cell(c.new)} |" for c in diff.categories]
    if diff.quotas:
        out += ["", f"{h}# 推荐名额", "", "| 变化 | 推荐单位 | 方向 | 额外 | 旧 | 新 | 说明 |", "|---|---|---|---|---|---|---|"]
        for q in diff.quotas:
            old_present = q.change not in ("added", "extra_added")
            new_present = q.change not in ("removed", "extra_removed")
            note = "；".join(x for x in (q.note, f"原：{q.old_recommender}" if q.old_recommender else "",
                                         f"超限规则：{q.old_overflow or q.new_overflow}" if "overflow" in q.change else "") if x)
            out.append(f"| {QUOTA_WORDS.get(q.change, q.change)} | {cell(q.recommender)} | {cell(q.direction or '全部方向')} | "
                       f"{'是' if q.extra else ''} | {limit_text(q.old_limit, old_present)} | "
                       f"{limit_text(q.new_limit, new_present)} | {cell(note)} |")
    c = diff.cities
    if c.added or c.removed or c.tier_changed or c.declared_counts:
        out += ["", f"{h}# 示范城市", "", "| 城市 | 变化 | 旧层级 | 新层级 |", "|---|---|---|---|"]
        out += [f"| {x.name} | 新增 | — | {cell(x.tier)} |" for x in c.added]
        out += [f"| {x.name} | 删除 | {cell(x.tier)} | — |" for x in c.removed]
        out += [f"| {x.name} | 调整层级 | {x.old_tier} | {x.new_tier} |" for x in c.tier_changed]
        if c.declared_counts:
            out += ["", "| 层级 | 旧声明数 | 新声明数 | 旧实列 | 新实列 |", "|---|---:|---:|---:|---:|"]
            out += [f"| {x.tier} | {cell(x.old)} | {cell(x.new)} | {cell(x.old_listed)} | {cell(x.new_listed)} |"
                    for x in c.declared_counts]
        out += ["", f"另有 {c.unchanged} 个城市层级不变。"]
    if diff.deadlines:
        out += ["", f"{h}# 截止时间", ""]
        for d in diff.deadlines:
            days = f"（{d.days:+d} 天）" if d.days else ""
            actor = d.new_actor or d.old_actor
            out.append(f"- {CHANGE_WORDS.get(d.change, d.change)}：{d.old or '—'} → {d.new or '—'}{days}"
                       f"{'，' + actor if actor else ''}{'：' + d.action if d.action else ''}")
    if diff.requirements:
        out += ["", f"{h}# 报送与资格要求", "", "| 项目 | 变化 | 旧 | 新 |", "|---|---|---|---|"]
        out += [f"| {FIELD_WORDS.get(r.field, r.field)} | {CHANGE_WORDS.get(r.change, r.change)} | {cell(r.old)} | {cell(r.new)} |"
                for r in diff.requirements]
    if diff.text_changes:
        out += ["", f"{h}# 措辞变化（对齐段落的逐词差异）", "", "| 位置 | 旧 → 新 | 相似度 |", "|---|---|---:|"]
        for t in diff.text_changes:
            words = "；".join(f"{w.old or '∅'} → {w.new or '∅'}" for w in t.words)
            out.append(f"| {cell(t.where)} | {cell(words)} | {t.similarity or 0:.2f} |")
    return "\n".join(out)


def timeline_markdown(comparison: Comparison) -> list[str]:
    names = [short_name(n) for n in comparison.notices]
    out = ["| " + " | ".join(names) + " | 备注 |", "|" + "---|" * (len(names) + 1)]
    for row in comparison.timeline:
        cells = [cell(row.titles[0])]
        for title, change in zip(row.titles[1:], row.changes, strict=False):
            word = DIRECTION_WORDS.get(change or "", change or "")
            if title:
                shown = change not in (None, "inherited", "unchanged")
                cells.append(cell(f"{title}（{word}）" if shown else title))
            else:
                cells.append(cell(f"（{word}）" if change else None))
        out.append("| " + " | ".join(cells) + f" | {'待定（见候选）' if row.ambiguous else ''} |")
    return out


def markdown(items: Comparison | PolicyDiff | Sequence[PolicyDiff]) -> str:
    """The memo for one diff, or for a comparison of several notices (timeline first)."""
    if isinstance(items, PolicyDiff):
        return diff_markdown(items) + "\n"
    comparison = items if isinstance(items, Comparison) else Comparison(diffs=list(items))
    if len(comparison.diffs) == 1:
        return diff_markdown(comparison.diffs[0]) + "\n"
    steps = [f"{short_name(d.old)} → {short_name(d.new)}" for d in comparison.diffs]
    per_step = [summary_rows(d) for d in comparison.diffs]
    out = [f"# 政策版本比较（{len(comparison.notices)} 份）", "", "## 摘要", "",
           "| 项目 | " + " | ".join(cell(s) for s in steps) + " |", "|---|" + "---|" * len(steps)]
    for k, (aspect, _) in enumerate(per_step[0]):
        out.append(f"| {aspect} | " + " | ".join(cell(step[k][1]) for step in per_step) + " |")
    if comparison.timeline:
        out += ["", "## 方向时间线", "", *timeline_markdown(comparison)]
    for d in comparison.diffs:
        out += ["", "---", "", diff_markdown(d, level=2)]
    return "\n".join(out) + "\n"
