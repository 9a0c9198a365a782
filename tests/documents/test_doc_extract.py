"""Each supported format yields text with the locator an assessor would cite, and its metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from servex import EvidenceItem
from servex.plugins.documents import _collect


def _by_file(items: list[EvidenceItem]) -> dict[str, EvidenceItem]:
    return {item.provenance.source: item for item in items}


def _text_at(item: EvidenceItem, locator: str) -> str:
    return dict(item.payload)[locator]


def test_every_format_is_read_with_locators(collect, evidence: Path) -> None:
    items, ctx = collect(evidence)
    assert not [e for e in ctx.log if e.level == "error"], ctx.log
    docs = _by_file(items)
    assert sorted(docs) == [
        "lisez-moi.txt",
        "notes.md",
        "policies/charte-fr.pdf",
        "policies/policy-en.pdf",
        "procedures/accueil.odt",
        "procedures/escalation.docx",
        "procedures/improvement-plan.xlsx",
        "site.html",
    ]
    policy = docs["policies/policy-en.pdf"]
    assert [loc for loc, _text in policy.payload] == ["page 1", "page 2", "page 3"]
    assert "acknowledged within two working days" in _text_at(policy, "page 2")
    assert policy.attributes["pages"] == 3
    assert "sous dix jours ouvrés" in _text_at(docs["policies/charte-fr.pdf"], "page 2")
    docx = docs["procedures/escalation.docx"]
    assert _text_at(docx, 'paragraph 4 (under "Ombudsman")').startswith("Unresolved complaints")
    assert _text_at(docx, 'table 1, row 1 (under "Ombudsman")') == "Referral to the ombudsman | 15 days"
    xlsx = docs["procedures/improvement-plan.xlsx"]
    assert _text_at(xlsx, 'sheet "Plan", row 2') == "Publish the complaint leaflet | Quality"
    assert _text_at(xlsx, 'sheet "Budget", row 1') == "Item | 100"
    assert _text_at(docs["procedures/accueil.odt"], 'paragraph 2 (under "Accueil téléphonique")').startswith(
        "Décrocher"
    )
    assert _text_at(docs["notes.md"], 'line 7 (under "Actions")') == "New leaflet."
    html = dict(docs["site.html"].payload)
    assert html['paragraph 2 (under "Contact")'] == "Call us any weekday."
    assert not any("complaint" in text or "color" in text for text in html.values())  # scripts, styles
    assert "réclamation" in _text_at(docs["lisez-moi.txt"], "line 1")  # Latin-1 recognised


def test_metadata_and_provenance(collect, evidence: Path) -> None:
    docs = _by_file(collect(evidence)[0])
    policy = docs["policies/policy-en.pdf"]
    assert policy.kind == "document" and policy.title == "Customer service policy"
    assert policy.attributes["author"] == "Quality team"
    assert policy.attributes["modified"] == "2025-06-30" and policy.attributes["date_source"] == "modified"
    assert policy.attributes["language"] == "en"
    assert docs["policies/charte-fr.pdf"].attributes["language"] == "fr"
    prov = policy.provenance
    assert prov.media_type == "application/pdf" and prov.size == (evidence / prov.source).stat().st_size
    assert len(prov.sha256) == 64 and prov.collector == "documents"
    docx = docs["procedures/escalation.docx"]
    assert docx.title == "Escalation procedure" and docx.attributes["date"] == "2025-09-01"
    assert docs["site.html"].title == "Contact us" and docs["notes.md"].title == "Team notes"
    assert docs["lisez-moi.txt"].title == "lisez-moi"


def test_same_folder_same_items(collect, evidence: Path) -> None:
    first = [item.to_json() for item in collect(evidence)[0]]
    second = [item.to_json() for item in collect(evidence)[0]]
    assert first == second and len({item["id"] for item in first}) == len(first)


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_worker_processes_give_the_same_items(collect, tmp_path: Path, monkeypatch, start: str) -> None:
    """Workers forked (a single-threaded run) or spawned (a run with threads) read the same items."""
    monkeypatch.setattr(_collect, "_start_method", lambda: start)
    root = tmp_path / "many"
    root.mkdir()
    for number in range(20):  # enough to start the worker pool
        (root / f"minutes-{number:02d}.md").write_text(
            f"# Meeting {number}\n\nComplaints reviewed: {number}.\n"
        )
    serial, _ = collect(root, config={"workers": 1})
    parallel, ctx = collect(root, config={"workers": 2, "max_text_chars": 5000})  # other limits: no cache hit
    assert not ctx.log and len(parallel) == 20
    assert [(i.to_json(), i.payload) for i in serial] == [(i.to_json(), i.payload) for i in parallel]


def test_workers_are_forked_only_while_this_process_has_one_thread() -> None:
    """Forking while another thread may hold a lock can hang a worker: with a second thread alive the
    workers are spawned (the check counts the kernel's threads, so a library's own threads count too)."""
    import sys
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert _collect._start_method() == "spawn"
    finally:
        release.set()
        other.join()
    if sys.platform.startswith("linux"):
        import subprocess

        probe = "from servex.plugins.documents import _collect; print(_collect._start_method())"
        found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        assert found.stdout == "fork\n"
