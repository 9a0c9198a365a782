"""A file copied under another name is one document (see `_evaluate`).

What was observed: a requirement asking for two sets of management-review minutes (`min_count: 2`) was
satisfied by one set of minutes saved twice under two names: each copy counted as a document.
"""

from __future__ import annotations

from pathlib import Path

from docfiles import assess_folder

MINUTES = """# Management review — {day} October 2025

Service results reviewed against the service charter: first reply within target in {share} % of contacts.
Decided: add two agents on Monday mornings from November (owner: Head of Customer Care).
"""


def _review(tmp_path: Path, name: str, texts: dict[str, str]) -> dict:  # type: ignore[type-arg]
    folder = tmp_path / name
    (folder / "minutes").mkdir(parents=True)
    for file, text in texts.items():
        (folder / "minutes" / file).write_text(text, "utf-8")
    (folder / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Probe}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'
        "files:\n"
        + "".join(f'  - {{path: minutes/{file}, tags: [management-review], issued: "2025-10-28"}}\n' for file in texts),
        "utf-8",
    )
    result = assess_folder(folder, tmp_path)
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L1-07")
    return next(r for r in finding["requirements"] if r["id"] == "review")  # type: ignore[no-any-return]


def test_two_sets_of_minutes_satisfy_a_requirement_for_two(tmp_path: Path) -> None:
    texts = {"review-10.md": MINUTES.format(day=14, share=96), "review-12.md": MINUTES.format(day=28, share=94)}
    assert _review(tmp_path, "two", texts)["state"] == "satisfied"


def test_one_set_of_minutes_saved_twice_is_one_document(tmp_path: Path) -> None:
    once = MINUTES.format(day=14, share=96)
    outcome = _review(tmp_path, "copied", {"review-10.md": once, "review-10-copy.md": once})
    assert outcome["state"] == "partial"
    assert "is a copy of another matching file" in outcome["message"]["en"]
    assert "est une copie" in outcome["message"]["fr"]
    assert outcome["details"]["matching"] == 1 and len(outcome["evidence_ids"]) == 1
