"""JUnit XML, the format every CI server draws as a test report: a testsuite per pyramid level, a testcase
per criterion.

Met passes; not met and partly met are failures (`type` says which: a partly met criterion is a gap to
close, not a pass); not assessed and not applicable are skipped (the message says which); error is an
error. The failure text lists what is missing and the evidence cited, so a red test says why.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from servex.plugins.exports._common import STATUS_WORDS, cited_evidence, evidence_index, text

__all__ = ["render_junit"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    """XML 1.0 cannot carry control characters; evidence text may."""
    return _CONTROL.sub("\ufffd", value)


def _body(finding: Mapping[str, Any], index: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    lines = [text(r, lang) for r in finding.get("rationale") or []]
    lines += [f"- {text(r.get('gap'), lang) or text(r.get('message'), lang)}"
              for r in finding.get("requirements") or [] if r.get("state") != "satisfied"]
    lines += [f"evidence: {c.source} (sha256 {c.sha256})" for c in cited_evidence(finding, index)]
    return _clean("\n".join(dict.fromkeys(line for line in lines if line.strip())))


def _case(suite: ET.Element, finding: Mapping[str, Any], index: Mapping[str, Mapping[str, Any]], lang: str,
          set_id: str) -> str:
    status = str(finding["status"])
    cid = str(finding["criterion_id"])
    name = _clean(f"{cid} {text(finding.get('title'), lang)}".strip())
    case = ET.SubElement(suite, "testcase", {"classname": f"servex.{set_id}.{finding.get('level', '')}",
                                             "name": name, "time": "0"})
    score = finding.get("score")
    message = _clean(f"{cid} {STATUS_WORDS.get(status, status)}" + (f" (score {score})" if score is not None else ""))
    if status in ("not_met", "partially_met"):
        ET.SubElement(case, "failure", {"message": message, "type": status}).text = _body(finding, index, lang)
    elif status == "error":
        ET.SubElement(case, "error", {"message": message, "type": status}).text = _body(finding, index, lang)
    elif status in ("not_assessed", "not_applicable"):
        ET.SubElement(case, "skipped", {"message": message})
    return status


def render_junit(result: Mapping[str, Any], lang: str) -> bytes:
    """The JUnit XML for `result`, UTF-8, the same bytes for the same result."""
    set_id = str((result.get("criteria_set") or {}).get("id") or "criteria")
    index = evidence_index(result)
    stamp = str(result.get("generated_at") or "").removesuffix("Z")
    root = ET.Element("testsuites", {"name": f"servex {set_id}"})
    by_level: dict[str, list[Mapping[str, Any]]] = {}
    for finding in result.get("findings") or []:
        by_level.setdefault(str(finding.get("level", "")), []).append(finding)
    names = {str(lv.get("id")): text(lv.get("name"), lang) for lv in result.get("levels") or []}
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for level, findings in by_level.items():
        suite = ET.SubElement(root, "testsuite", {"name": _clean(f"{level} {names.get(level, '')}".strip()),
                                                  "timestamp": stamp, "time": "0"})
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for finding in findings:
            status = _case(suite, finding, index, lang, set_id)
            counts["tests"] += 1
            counts["failures"] += status in ("not_met", "partially_met")
            counts["errors"] += status == "error"
            counts["skipped"] += status in ("not_assessed", "not_applicable")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
