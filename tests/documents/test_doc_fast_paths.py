"""The shortcuts that make matching fast give the answers of the plain definitions they replace.

What an assessor relies on: a finding does not depend on whether a document was matched in a worker
process or in-process, on a first run or a re-run, nor on the shortcuts folding and claim search take.
"""

from __future__ import annotations

import random
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from servex.plugins.documents import _prematch
from servex.plugins.documents._claims import CLAIMS, find_claim
from servex.plugins.documents._match import fold

DATA = Path(__file__).parent / "data"


def _plain_fold(text: str) -> str:
    """The definition: ligatures spelled out, NFKD, combining marks dropped, casefolded."""
    text = text.translate(str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def test_fold_is_the_plain_definition() -> None:
    pick = random.Random(21)
    ranges = [(0x20, 0x7F), (0xA0, 0x250), (0x300, 0x370), (0x370, 0x500), (0x1E00, 0x1F00), (0xFB00, 0xFB07)]
    for _ in range(2000):
        text = "".join(chr(pick.randrange(*pick.choice(ranges))) for _ in range(pick.randrange(1, 30)))
        assert fold(text) == _plain_fold(text), repr(text)
    assert fold("Cœur ÉCŒURÉ, Ærø") == "coeur ecoeure, aerø"


@pytest.mark.parametrize(
    "text",
    [
        "complaints are answered within 5 working days",
        "réponse sous ٣ jours",  # a non-ASCII decimal digit is a digit to `\d`
        "we answer round the clock",
        "open 24/7 and rund um die uhr",
        "no figure on this page, only words about service and quality",
        "target: 95 percent, measured monthly; score 8.2; reviewed 14 march 2025",
        "x² is not a decimal digit",
    ],
)
def test_claim_gates_never_hide_a_match(text: str) -> None:
    folded = fold(text)
    for claim in CLAIMS.values():
        found = claim.pattern.search(folded)
        # a match the claim rules out by what precedes it ("target: 95 percent") is skipped, gate or not
        while found and claim.unless and re.search(claim.unless, folded[max(0, found.start() - 80) : found.start()]):
            found = claim.pattern.search(folded, found.end())
        assert find_claim(claim, folded) == (found.span() if found else None), claim.id


def _assess(org: Path, out: Path, cache: Path) -> bytes:
    from servex._cli.main import main

    with pytest.raises(SystemExit) as exit_:
        main(["assess", str(org), "-o", f"json:{out}", "--fail-on", "never", "--cache-dir", str(cache), "-q"])
    assert exit_.value.code in (0, None)
    return out.read_bytes()


def _folder(root: Path, tagged: str = ".") -> Path:
    root.mkdir()
    shutil.copy(DATA / "doc-set.yaml", root / "doc-set.yaml")
    for number in range(18):  # enough for the worker pool
        body = (
            f"# Complaint policy {number}\n\nEvery complaint is answered; the ombudsman hears appeals.\n"
            if number % 3
            else f"# Politique {number}\n\nToute réclamation reçoit une réponse ; le médiateur est saisi en appel.\n"
        )
        if number == 4:  # "shopped" is "shopping" to the English stemmer only: the language decides
            body += "\nEvery branch was mystery shopped in May.\n"
        (root / f"policy-{number:02d}.md").write_text(body, encoding="utf-8")
    (root / "servex.yaml").write_text(
        'format_version: "1"\n'
        "organisation: {name: Test Org}\n"
        "criteria: doc-set.yaml\n"
        'period: {start: "2025-01-01", end: "2025-12-31"}\n'
        "sources:\n"
        "  - {name: documents, collector: documents, config: {workers: 2}}\n"
        "files:\n"
        f"  - {{path: {tagged}, tags: [policy]}}\n"
        "  - {path: policy-04.md, language: fr}\n",  # the manifest's language, not the detected one
        encoding="utf-8",
    )
    return root


def test_matching_in_workers_and_reruns_give_the_evaluators_result(tmp_path: Path, monkeypatch) -> None:
    org = _folder(tmp_path / "org")
    parallel = _assess(org, tmp_path / "parallel.json", tmp_path / "cache-a")
    warm = _assess(org, tmp_path / "warm.json", tmp_path / "cache-a")
    # the reference: nothing matched while collecting, the evaluator matches every document itself
    monkeypatch.setattr(_prematch, "document_specs", lambda criteria_set, horizon=None: [])
    serial = _assess(org, tmp_path / "serial.json", tmp_path / "cache-b")
    assert serial.count(b'"snippet"') >= 18  # every policy was matched and cited
    assert parallel == serial and warm == serial


def test_untagged_documents_that_show_nothing_are_left_out_as_judging_them_would(tmp_path: Path, monkeypatch) -> None:
    """The evaluator skips judging a stored result that shows nothing of a requirement when the document
    carries no tag (it would be judged `none` and not listed); one tagged document is judged either way."""
    org = _folder(tmp_path / "org", tagged="notes.md")
    (org / "notes.md").write_text("# Notes\n\nThe canteen opens at noon.\n", encoding="utf-8")
    parallel = _assess(org, tmp_path / "parallel.json", tmp_path / "cache-a")
    monkeypatch.setattr(_prematch, "document_specs", lambda criteria_set, horizon=None: [])
    serial = _assess(org, tmp_path / "serial.json", tmp_path / "cache-b")
    assert b'"tagged_only"' in serial  # the tagged note says nothing, and is listed as tagged
    assert serial.count(b'"snippet"') >= 18
    assert parallel == serial
