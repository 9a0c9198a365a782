"""`servex bundle` and `servex verify`: the round trip, determinism, and every tampering named in one line."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import yaml
from bundle_support import rewrite_member, run_servex

CRITERIA = Path(__file__).parents[2] / "criteria"


def _manifest(bundle: Path) -> dict:  # type: ignore[type-arg]
    with zipfile.ZipFile(bundle) as archive:
        data: dict = json.loads(archive.read("servex-bundle.json"))  # type: ignore[type-arg]
        return data


def _one_line_errors(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def test_bundle_holds_result_reports_criteria_and_every_evidence_hash(bundle_with_copies: Path,
                                                                      telecom_copy: Path) -> None:
    manifest = _manifest(bundle_with_copies)
    with zipfile.ZipFile(bundle_with_copies) as archive:
        names = set(archive.namelist())
        result = json.loads(archive.read("result.json"))
        listed = {f["path"]: f["sha256"] for f in manifest["evidence"]["files"]}
        on_disk = {p.relative_to(telecom_copy).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                   for p in telecom_copy.rglob("*") if p.is_file()}
        assert listed == on_disk
        for path, sha in listed.items():
            assert hashlib.sha256(archive.read(f"evidence/{path}")).hexdigest() == sha
        (criteria,) = manifest["criteria"]
        assert criteria["ref"] == "servex-pyramid" and criteria["path"] in names
        assert Path(criteria["path"]).name == result["criteria_set"]["source"]
    assert {"result.json", "servex-bundle.json", "reports/md.md", "reports/oscal.json"} <= names
    assert manifest["result"]["sha256"] == hashlib.sha256(
        zipfile.ZipFile(bundle_with_copies).read("result.json")).hexdigest()
    # whole-file items cite the file's hash; an item pointing into a file (an observation) hashes its part
    cited = {e["provenance"]["source"]: e["provenance"]["sha256"] for e in result["evidence"]
             if not e["provenance"]["locator"]}
    assert cited and all(listed[s] == sha for s, sha in cited.items() if s in listed)


def test_bundle_bytes_are_the_same_for_the_same_inputs(bundle_with_copies: Path, telecom_copy: Path,
                                                       tmp_path: Path) -> None:
    """Bundling the same result of the same evidence again (here: from the file, not assessing anew) gives
    the same archive, byte for byte."""
    with zipfile.ZipFile(bundle_with_copies) as archive:
        (tmp_path / "result.json").write_bytes(archive.read("result.json"))
    done = run_servex("bundle", str(telecom_copy), "-o", "again.zip", "--result", "result.json", "--with-evidence",
                      "--report", "md", "--report", "oscal", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "again.zip").read_bytes() == bundle_with_copies.read_bytes()


def test_verify_rechecks_and_regrades_a_bundle_to_the_same_result(bundle_with_copies: Path, tmp_path: Path) -> None:
    done = run_servex("verify", str(bundle_with_copies), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "re-graded result is identical" in done.stderr


def test_verify_names_a_tampered_evidence_copy(bundle_with_copies: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle_with_copies) as archive:
        charter = archive.read("evidence/policies/service-charter.md")
    forged = tmp_path / "forged.zip"
    rewrite_member(bundle_with_copies, forged, "evidence/policies/service-charter.md",
                   charter.replace(b"Customer", b"Client", 1))
    done = run_servex("verify", str(forged), cwd=tmp_path)
    assert done.returncode == 1
    (line,) = _one_line_errors(done.stderr)
    assert line.startswith("error: tampered: evidence/policies/service-charter.md ")


def test_verify_names_a_tampered_result_and_a_missing_report(bundle_with_copies: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle_with_copies) as archive:
        result = archive.read("result.json")
    forged = tmp_path / "forged.zip"
    rewrite_member(bundle_with_copies, forged, "result.json", result.replace(b'"not_met"', b'"met"', 1))
    rewrite_member(forged, tmp_path / "forged2.zip", "reports/md.md", None)
    done = run_servex("verify", "forged2.zip", cwd=tmp_path)
    assert done.returncode == 1
    assert _one_line_errors(done.stderr) == [
        "error: tampered: result.json (its sha256 differs from the bundle manifest)",
        "error: missing: reports/md.md (listed in the bundle manifest, not in the archive)",
    ]


def test_verify_against_an_evidence_folder_names_changed_missing_and_extra_files(
    bundle_with_copies: Path, telecom_copy: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle_with_copies) as archive:
        (tmp_path / "result.json").write_bytes(archive.read("result.json"))
    light = run_servex("bundle", str(telecom_copy), "-o", "light.zip", "--result", "result.json", cwd=tmp_path)
    assert light.returncode == 0, light.stderr
    assert not [n for n in zipfile.ZipFile(tmp_path / "light.zip").namelist() if n.startswith("evidence/")]
    no_evidence = run_servex("verify", "light.zip", cwd=tmp_path)
    assert no_evidence.returncode == 2 and "--evidence" in no_evidence.stderr
    changed = tmp_path / "changed"
    shutil.copytree(telecom_copy, changed)
    (changed / "policies/complaints-policy.md").write_text("We no longer handle complaints.\n", encoding="utf-8")
    (changed / "minutes/management-review-2025-10.md").unlink()
    (changed / "policies/new-policy.md").write_text("New.\n", encoding="utf-8")
    done = run_servex("verify", "light.zip", "--evidence", "changed", cwd=tmp_path)
    assert done.returncode == 1
    lines = _one_line_errors(done.stderr)
    assert [line.split(" (")[0] for line in lines] == [
        "error: missing: changed/minutes/management-review-2025-10.md",
        "error: tampered: changed/policies/complaints-policy.md",
        "error: unexpected: changed/policies/new-policy.md",
    ]


def test_verify_regrades_and_names_the_criterion_a_result_misstates(bundle_with_copies: Path, telecom_copy: Path,
                                                                    tmp_path: Path) -> None:
    """A result edited before bundling has consistent hashes; only the re-grade can catch it."""
    with zipfile.ZipFile(bundle_with_copies) as archive:
        result = json.loads(archive.read("result.json"))
    finding = next(f for f in result["findings"] if f["status"] == "not_met")
    finding["status"], finding["score"] = "met", 100.0
    (tmp_path / "edited.json").write_text(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    made = run_servex("bundle", str(telecom_copy), "-o", "edited.zip", "--result", "edited.json",
                      "--with-evidence", "--report", "junit", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    done = run_servex("verify", "edited.zip", cwd=tmp_path)
    assert done.returncode == 1
    (line,) = _one_line_errors(done.stderr)
    assert line == f"error: re-graded: {finding['criterion_id']} met (100.0) in the bundle, not_met (0.0) now"


def test_bundle_refuses_a_result_of_other_evidence(bundle_with_copies: Path, telecom_copy: Path,
                                                   tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle_with_copies) as archive:
        (tmp_path / "result.json").write_bytes(archive.read("result.json"))
    changed = tmp_path / "changed"
    shutil.copytree(telecom_copy, changed)
    (changed / "policies/service-charter.md").write_text("Nothing promised.\n", encoding="utf-8")
    done = run_servex("bundle", "changed", "-o", "b.zip", "--result", "result.json", cwd=tmp_path)
    assert done.returncode == 3
    (line,) = _one_line_errors(done.stderr)
    assert line.startswith("error: result.json: not a result of this evidence: policies/service-charter.md ")
    assert not (tmp_path / "b.zip").exists()


def test_verify_refuses_what_is_not_a_bundle(tmp_path: Path) -> None:
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("../../escape.txt", b"x")
    with zipfile.ZipFile(tmp_path / "odd.zip", "w") as archive:
        archive.writestr("servex-bundle.json", json.dumps({"format": "servex-bundle", "format_version": "1",
                                                           "result": [], "evidence": {"copies": True, "files": []}}))
    cases = (("junk.zip", "not a servex bundle"), ("other.zip", "outside the bundle"),
             ("odd.zip", "servex-bundle.json is not a servex bundle manifest (at result: "))
    for name, expected in cases:
        done = run_servex("verify", name, cwd=tmp_path)
        assert done.returncode == 3, done.stderr
        (line,) = _one_line_errors(done.stderr)
        assert expected in line
    assert run_servex("verify", "absent.zip", cwd=tmp_path).returncode == 2


def test_bundle_refuses_a_result_graded_against_another_criteria_set(bundle_with_copies: Path, telecom_copy: Path,
                                                                     tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle_with_copies) as archive:
        (tmp_path / "result.json").write_bytes(archive.read("result.json"))
    done = run_servex("bundle", str(telecom_copy), "-o", "b.zip", "--result", "result.json",
                      "--criteria", "servex-complaints", cwd=tmp_path)
    assert done.returncode == 3
    (line,) = _one_line_errors(done.stderr)
    versions = {name: yaml.safe_load((CRITERIA / f"{name}.yaml").read_text(encoding="utf-8"))["version"]
                for name in ("pyramid", "complaints")}  # fmt: skip
    assert line.startswith(f"error: result.json: graded against criteria set servex-pyramid {versions['pyramid']}, "
                           f"not servex-complaints {versions['complaints']}")
    assert not (tmp_path / "b.zip").exists()
