"""Bad files become evidence errors naming the file; nothing crashes and the good documents still count."""

from __future__ import annotations

import base64
import os
import zipfile
from pathlib import Path

import pytest
from docfiles import write_docx


def _errors(ctx) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {e.file: e.message for e in ctx.log if e.level == "error"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    root.mkdir()
    (root / "good.md").write_text("# Complaints\n\nWe answer every complaint.\n")
    return root


def _single(collect, folder: Path, name: str, **config: object) -> str:  # type: ignore[no-untyped-def]
    items, ctx = collect(folder, config=config)
    assert [i.provenance.source for i in items] == ["good.md"]  # the rest still counts
    errors = _errors(ctx)
    assert list(errors) == [name], ctx.log
    return errors[name]


def test_corrupt_pdf(collect, folder: Path, pdf_bytes: dict[str, bytes]) -> None:
    (folder / "broken.pdf").write_bytes(pdf_bytes["policy-en.pdf"][:300])
    assert "damaged" in _single(collect, folder, "broken.pdf")


def test_encrypted_pdf(collect, folder: Path, pdf_bytes: dict[str, bytes]) -> None:
    (folder / "locked.pdf").write_bytes(pdf_bytes["locked.pdf"])
    assert "encrypted with a password" in _single(collect, folder, "locked.pdf")


def test_zip_bomb_docx_is_refused_before_inflating(collect, folder: Path) -> None:
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<w:document>" + b" " * (40 << 20) + b"</w:document>")
    assert (folder / "bomb.docx").stat().st_size < 100_000
    message = _single(collect, folder, "bomb.docx")
    assert "word/document.xml" in message and "zip bomb" in message


def test_oversized_xlsx_is_refused(collect, folder: Path) -> None:
    noise = base64.b64encode(os.urandom(2 << 20))  # barely compressible: only the total size gives it away
    with zipfile.ZipFile(folder / "big.xlsx", "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", b"<workbook/>")
        package.writestr("xl/sharedStrings.xml", noise)
    message = _single(collect, folder, "big.xlsx", max_unzipped_mb=1)
    assert "would inflate to" in message and "zip bomb" in message


def test_entity_expansion_in_office_xml(collect, folder: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>'
    )
    with zipfile.ZipFile(folder / "laughs.docx", "w") as package:
        package.writestr("word/document.xml", laughs)
    assert "not valid or safe XML" in _single(collect, folder, "laughs.docx")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scan.pdf", "not a PDF file"),
        ("report.docx", "not a ZIP-based office file"),
        ("table.xlsx", "not a ZIP-based office file"),
        ("notes.txt", "binary content"),
        ("page.html", "binary content"),
    ],
)
def test_binary_file_with_a_document_extension(collect, folder: Path, name: str, expected: str) -> None:
    (folder / name).write_bytes(b"\x00\x01\x02\xff" * 2048)
    assert expected in _single(collect, folder, name)


def test_truncated_zip_container(collect, folder: Path) -> None:
    write_docx(folder / "cut.docx", [("Normal", "complaint " * 2000)])
    data = (folder / "cut.docx").read_bytes()
    (folder / "cut.docx").write_bytes(data[: len(data) // 2])
    assert "damaged" in _single(collect, folder, "cut.docx")


def test_symlinks_leading_outside_are_not_followed(collect, folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "payroll.txt").write_text("confidential complaint data")
    (folder / "leak.txt").symlink_to(secret / "payroll.txt")
    (folder / "shared").symlink_to(secret, target_is_directory=True)
    (folder / "inside.md").symlink_to(folder / "good.md")  # a link within the folder is fine
    items, ctx = collect(folder)
    assert sorted(i.provenance.source for i in items) == ["good.md", "inside.md"]
    errors = _errors(ctx)
    assert set(errors) == {"leak.txt", "shared"}
    assert all("outside the evidence folder" in m for m in errors.values())


def test_manifest_paths_escaping_the_folder(collect, folder: Path, tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("# Outside\n")
    manifest = {
        "files": [
            {"path": "../x.md", "tags": ["policy"]},
            {"path": "/etc/passwd"},
            {"path": "sub/../../x.md"},
            {"path": "missing.pdf"},
            {"path": "good.md", "tags": ["complaints"]},
        ]
    }
    items, ctx = collect(folder, manifest)
    assert [(i.provenance.source, i.tags) for i in items] == [("good.md", ("complaints",))]
    problems = [(e.level, e.file, e.field) for e in ctx.log]
    assert problems == [
        ("error", "servex.yaml", "files[0].path"),
        ("error", "servex.yaml", "files[1].path"),
        ("error", "servex.yaml", "files[2].path"),
        ("warning", "servex.yaml", "files[3].path"),
    ]
    assert "'../x.md' points outside the evidence folder" in ctx.log[0].message


def test_text_is_capped_per_document(collect, folder: Path) -> None:
    (folder / "huge.txt").write_text(("complaint handling procedure. " * 20 + "\n\n") * 2000)
    items, ctx = collect(folder, config={"max_text_chars": 5000})
    huge = next(i for i in items if i.provenance.source == "huge.txt")
    assert huge.attributes["truncated"] and huge.attributes["characters"] == 5000
    assert [(e.level, e.file) for e in ctx.log] == [("warning", "huge.txt")]


def test_file_size_limit(collect, folder: Path) -> None:
    (folder / "big.txt").write_text("x" * 300_000)
    assert "document limit" in _single(collect, folder, "big.txt", max_file_mb=0.1)
