"""The gap analysis as Markdown: what a board reads first, then every finding with its evidence.

It renders the same view as the HTML and PDF (`_view.build`), so the three formats say the same
sentences. Evidence text is untrusted (it comes from the organisation's files), and criteria-set text
is data too: everything printed from the view is escaped so neither can inject Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servex.plugins.reports._cycle_markdown import changes_markdown, exceptions_markdown, history_markdown
from servex.plugins.reports._view import build

__all__ = ["render"]


def _esc(text: Any) -> str:
    out = str(text).replace("\\", "\\\\").replace("\n", " ")
    for char in "|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return out


def _summary(v: Mapping[str, Any]) -> Iterator[str]:
    label, colon, s = v["L"], v["colon"], v["summary"]
    yield f"\n## {_esc(label['summary'])}\n"
    yield f"**{_esc(label['readiness'])}**{colon} {_esc(s['statement'])}\n"
    yield f"{_esc(s['narrative'])}\n"
    if v.get("data_note"):
        yield f"\n{_esc(v['data_note'])}\n"
    for key, heading in (("blockers", "blockers"), ("not_met", "not_met_list"), ("partial", "partial_list"),
                         ("not_assessed", "not_assessed_list")):
        if not s[key]:
            continue
        yield f"\n### {_esc(label[heading])}\n"
        for f in s[key]:
            why = f["gap"][0] if f["gap"] else f["recommendation"]
            yield f"- **{_esc(f['id'])}** {_esc(f['title'])} — {_esc(f['status_label'])}." + (
                f" {_esc(why)}" if why else "")
    yield f"\n| {label['level']} | {label['score']} | {label['verdict']} | {label['achieved']} |"
    yield "|---|---:|---|---|"
    for level in v["levels"]:
        achieved = label["yes"] if level["achieved"] else label["no"]
        yield f"| {level['id']} {_esc(level['name'])} | {level['score']} | {_esc(level['verdict'])} | {achieved} |"
    yield (f"\n{_esc(label['highest'])}{colon} **{_esc(s['highest'])}** — "
           f"{_esc(label['overall_score'])}{colon} **{s['overall']}**")


def _levels(v: Mapping[str, Any]) -> Iterator[str]:
    label, colon = v["L"], v["colon"]
    for level in v["levels"]:
        yield f"\n## {level['id']} {_esc(level['name'])}\n"
        if level["scored"]:
            yield (f"{_esc(label['score'])}{colon} **{level['score']}** — {_esc(label['verdict'])}{colon} "
                   f"**{_esc(level['verdict'])}**\n")
        else:
            yield f"{_esc(level['state'])}\n"
        if level["capped_by"]:
            yield f"- {_esc(label['capped'])}{colon} " + "; ".join(
                f"{_esc(cid)} {_esc(title)}" for cid, title in level["capped_by"])
        if level["excepted"]:
            yield f"- {_esc(level['excepted'])}"
        if level["gated"]:
            yield f"- {_esc(level['gated'])}"
        if level["blocked_by"]:
            projected = f" ({_esc(label['projected'])} {level['projected']})" if level["projected"] else ""
            yield f"- {_esc(label['blocked'])}{colon} " + "; ".join(
                f"{_esc(cid)} {_esc(title)}" for cid, title in level["blocked_by"]) + projected


def _finding(f: Mapping[str, Any], v: Mapping[str, Any]) -> Iterator[str]:
    label, colon = v["L"], v["colon"]
    flag = f", {_esc(label['knockout'])}" if f["knockout"] else ""
    yield f"\n### {_esc(f['id'])} {_esc(f['title'])}\n"
    yield (f"**{_esc(f['status_label'])}** — {_esc(label['score'])} {f['score']} "
           f"({f['level']}, {_esc(label['weight'])} {f['weight']}{flag})\n")
    if f["na"]:
        yield f"{_esc(label['justification'])}{colon} {_esc(f['na'])}\n"
    if f["exception"]:
        yield f"{_esc(f['exception'])}\n"
    if f["rationale"]:
        yield f"{_esc(label['rationale'])}{colon}\n"
        yield from (f"- {_esc(line)}" for line in f["rationale"])
    decision = [*f["decision"]]
    if f["classes_shown"]:
        decision.append(f"{label['evidence_classes']}{colon} {', '.join(f['classes_shown'])}")
    if f["classes_missing"]:
        decision.append(f"{label['evidence_missing']}{colon} {', '.join(f['classes_missing'])}")
    if decision:
        yield f"\n{_esc(label['decided'])}{colon}\n"
        yield from (f"- {_esc(line)}" for line in decision)
    cited = [
        f"{_esc(d['file'])}{', ' + _esc(d['locator']) if d['locator'] else ''}: {v['lq']}{_esc(d['snippet'])}{v['rq']}"
        for r in f["requirements"] for d in r["documents"]
    ]
    cited += [line for r in f["requirements"] for line in r.get("md_blocks") or []]
    cited += [f"{_esc(ref['title']) + ' — ' if ref.get('title') else ''}{_esc(ref['source'])}"
              f"{' (' + _esc(ref['locator']) + ')' if ref['locator'] else ''}, "
              f"sha256 `{ref['sha']}…`" for ref in f["refs"]]
    if cited:
        yield f"\n{_esc(label['evidence'])}{colon}\n"
        yield from (f"- {line}" for line in dict.fromkeys(cited))
    if f["gap"]:
        yield f"\n{_esc(label['gap'])}{colon} " + " ".join(_esc(g) for g in f["gap"])
    if f["recommendation"]:
        yield f"\n{_esc(label['recommendation'])}{colon} {_esc(f['recommendation'])}"


def _plan(v: Mapping[str, Any]) -> Iterator[str]:
    label, colon, plan = v["L"], v["colon"], v["plan"]
    yield f"\n## {_esc(label['action_plan'])}\n"
    if plan["heading"]:
        yield f"### {_esc(plan['heading'])}\n"
        yield from (f"- **{_esc(cid)}** {_esc(title)}" for cid, title in plan["criteria"])
        if plan["projected"]:
            yield f"\n{_esc(label['projected_cap'])}{colon} {plan['projected']}"
        if plan["gated"]:
            yield f"\n{_esc(plan['gated'])}"
    for name, blockers in plan["further"]:
        yield f"- {_esc(name)} — {_esc(label['blocked'])}{colon} " + "; ".join(
            f"{_esc(cid)} {_esc(title)}" for cid, title in blockers)
    yield f"\n{_esc(label['plan_intro'])} {_esc(plan['scale'])}\n"
    yield (f"| {label['priority']} | {label['criterion']} | {label['action']} | {label['owner']} | {label['due']} | "
           f"{label['effort']} |")
    yield "|---|---|---|---|---|---|"
    for row in plan["rows"]:
        yield (f"| {_esc(row['priority_label'])} | {_esc(row['id'])} {_esc(row['title'])} "
               f"({_esc(row['status_label'])}) | {_esc(row['action'])} | {_esc(row['owner'])} | {_esc(row['due'])} | "
               f"{_esc(row['effort'])} |")
    if not plan["rows"]:
        yield f"\n{_esc(label['none_actions'])}"


def _profile(v: Mapping[str, Any]) -> Iterator[str]:
    """Every threshold a profile changed, next to the summary: a loosened bar is never in small print."""
    profile, label = v["profile"], v["L"]
    if not profile:
        return
    yield f"\n## {_esc(profile['heading'])}\n"
    yield f"{_esc(profile['description'])}\n"
    yield f"{_esc(profile['summary'])}\n"
    if profile["unstated"]:
        yield f"**{_esc(profile['unstated'])}**\n"
    if profile["rows"]:
        keys = ("criterion", "profile_threshold", "profile_original", "profile_value", "profile_change",
                "profile_reason")
        yield "| " + " | ".join(_esc(label[k]) for k in keys) + " |"
        yield "|---|---|---:|---:|---|---|"
        for r in profile["rows"]:
            criteria = ", ".join(_esc(cid) for cid, _title in r["criteria"])
            if len(r["criteria"]) == 1:
                criteria += f" {_esc(r['criteria'][0][1])}"
            yield (
                f"| {criteria} | {_esc(r['what'])} | {_esc(r['original'])} | "
                f"{_esc(r['value'])} | {_esc(r['change'])} | {_esc(r['reason'])} |"
            )


def _data_checks(v: Mapping[str, Any]) -> Iterator[str]:
    """Per data export, what the checks left out or flagged (see _checks_view)."""
    label = v["L"]
    if not v["data_checks"]:
        return
    yield f"\n## {_esc(label['data_checks'])}\n"
    yield f"{_esc(label['data_checks_intro'])}\n"
    yield (f"| {_esc(label['data_export'])} | {_esc(label['records'])} | {_esc(label['months_covered'])} | "
           f"{_esc(label['flagged'])} |")
    yield "|---|---:|---|---|"
    for row in v["data_checks"]:
        yield (f"| {_esc(row['title'])} — {_esc(row['source'])} | {row['records']} | {_esc(row['months'])} | "
               + "; ".join(_esc(flag) for flag in row["flags"]) + " |")


def render(result: Mapping[str, Any], lang: str) -> str:
    v = build(result, lang)
    label, colon = v["L"], v["colon"]
    cset = v["cset"]
    lines = [
        f"# {_esc(label['title'])} — {_esc(v['org'])}\n",
        f"- {_esc(label['organisation'])}{colon} {_esc(v['org'])}",
        f"- {_esc(label['period'])}{colon} {_esc(v['period'])}",
        f"- {_esc(label['criteria_set'])}{colon} {_esc(cset['title'])} ({_esc(cset['id'])} {_esc(cset['version'])}, "
        f"sha256 `{cset['sha256']}`)",
        f"- {_esc(label['generated'])}{colon} {_esc(v['generated'])}",
    ]
    if v["assessor"]:
        lines.append(f"- {_esc(label['assessor'])}{colon} {_esc(v['assessor'])}")
    if v["profile"]:
        lines.append(f"- {_esc(label['profile'])}{colon} {_esc(v['profile']['title'])} ({_esc(v['profile']['id'])})")
    lines += list(_summary(v))
    if v["since"]:
        lines += list(changes_markdown(v["since"], _esc))
    if v["history"]:
        lines += list(history_markdown(v["history"], _esc))
    lines += list(_profile(v))
    lines += list(_levels(v))
    lines.append(f"\n## {_esc(label['elements'])}\n")
    lines += [f"| {label['element']} | {label['score']} | {label['verdict']} |", "|---|---:|---|"]
    lines += [f"| {eid} {_esc(name)} | {score} | {_esc(verdict)} |" for eid, name, score, verdict in v["elements"]]
    lines.append(f"\n## {_esc(label['findings'])}")
    for _level, findings in v["findings"]:
        for f in findings:
            lines += list(_finding(f, v))
    lines += list(_plan(v))
    lines.append(f"\n## {_esc(label['appendix'])}\n")
    columns = ("title_col", "source", "kind", "owner", "approved", "period_covered")
    lines += ["| " + " | ".join(label[key] for key in columns) + " | sha256 |", "|---|---|---|---|---|---|---|"]
    for e in v["evidence"]:
        source = e["source"] + (f" ({e['locator']})" if e["locator"] else "")
        lines.append(f"| {_esc(e['title'])} | {_esc(source)} | {_esc(e['kind'])} | {_esc(e['owner'])} | "
                     f"{_esc(e['approved'])} | {_esc(e['period'])} | `{e['sha256']}` |")
    lines += list(_data_checks(v))
    lines += list(exceptions_markdown(v["exceptions"], _esc))
    lines.append(f"\n## {_esc(label['appendix_na'])}\n")
    if v["na"]:
        lines += [f"- **{_esc(cid)}** {_esc(title)} — {_esc(label['justification'])}{colon} {_esc(why)}"
                  for cid, title, why in v["na"]]
    else:
        lines.append(_esc(label["none_declared"]))
    if v["errors"]:
        lines.append(f"\n## {_esc(label['log'])}\n")
        lines += [f"- {_esc(e['source'])}: {_esc(e['file'])} {_esc(e['message'])}" for e in v["errors"]]
    if v["unused"]:
        lines.append(f"\n## {_esc(label['unused'])}\n")
        lines += [f"- {_esc(text)}" for text in v["unused"]]
    return "\n".join(lines) + "\n"
