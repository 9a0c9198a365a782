"""The tutorial in docs/plugins.md must work as written: its code is run here, unchanged."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from core_support import DATA

REPO = Path(__file__).resolve().parents[2]


def _tutorial_module() -> str:
    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    tutorial = text.split("## Tutorial", 1)[1]
    return "\n\n".join(re.findall(r"```python\n(.*?)```", tutorial, re.S))


def test_tutorial_plugin_runs(servex, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "acme_servex_nps.py").write_text(_tutorial_module(), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    cset = (DATA / "mini-set.yaml").read_text(encoding="utf-8")
    last = cset.rindex("type: observation")
    cset = cset[:last] + "type: acme.nps" + cset[last + len("type: observation") :]
    cset = cset.replace(
        "description: {en: Seen on site, fr: Vu sur site}}\n    grading:\n      rules:\n"
        "        - {when: {req: seen, is: satisfied}, then: compliance}\n      otherwise",
        "description: {en: NPS, fr: NPS}, params: {min_nps: 20, min_sample: 10}}\n    grading:\n"
        "      rules:\n        - {when: {req: seen, is: satisfied}, then: compliance}\n      otherwise",
    )
    org = tmp_path / "org"
    shutil.copytree(DATA / "mini-org", org)
    (org / "mini-set.yaml").write_text(cset, encoding="utf-8")
    (org / "exports").mkdir()
    question = "How likely are you to recommend Acme to a friend?"
    rows = ["10"] * 8 + ["9"] * 4 + ["7"] * 3 + ["3"] * 2 + ["eleven"]
    (org / "exports" / "nps.csv").write_text(
        f"Response ID,{question}\n" + "".join(f"r{i},{v}\n" for i, v in enumerate(rows))
    )
    manifest = org / "servex.yaml"
    manifest.write_text(
        manifest.read_text() + "sources:\n  - {name: typeform, collector: acme_nps, required: true, "
        "config: {file: exports/nps.csv}}\n"
    )
    out = tmp_path / "r.json"
    run = servex("-p", "acme_servex_nps", "assess", org, "-o", f"json:{out}", "--fail-on", "never")
    assert run.code == 0, run.err
    result = json.loads(out.read_text())
    finding = next(f for f in result["findings"] if f["criterion_id"] == "MINI-L2-01")
    assert finding["status"] == "met"
    assert finding["requirements"][0]["details"] == {"nps": round(100 * (12 - 2) / 17, 1)}
    assert any("eleven" in e["message"] and e["line"] == 19 for e in result["log"])
    export = next(e for e in result["evidence"] if e["kind"] == "nps-responses")
    assert export["id"] in finding["evidence_ids"] and len(export["provenance"]["sha256"]) == 64
