"""An evidence folder is untrusted, its manifest included: no path escape, bounded work, located errors.

These reproduce the observations of issue 14 (path escape through the manifest, YAML anchor bombs,
FIFOs, /dev/zero, huge and deeply nested manifests). Memory is measured on the real command in a
subprocess, since an in-process figure would include the whole test session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from core_support import run_measured
from servex import ExitCode

SECRET = "root:x:0:0:do-not-print-me:/root:/bin/bash"


def _manifest(org: Path, text: str) -> None:
    (org / "servex.yaml").write_text(text, encoding="utf-8")


def _base(org: Path) -> str:
    return (org / "servex.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("ref", ["../outside.yaml", "sub/../../outside.yaml", "ABSOLUTE", "link.yaml"])
def test_the_manifest_cannot_name_a_criteria_file_outside_the_folder(
    servex, mini_org: Path, tmp_path: Path, ref: str
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text((mini_org / "mini-set.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (mini_org / "link.yaml").symlink_to(outside)
    ref = str(outside) if ref == "ABSOLUTE" else ref
    _manifest(mini_org, _base(mini_org).replace("criteria: mini-set.yaml", f"criteria: {ref}"))
    out = tmp_path / "r.json"
    run = servex("assess", mini_org, "-o", f"json:{out}")
    assert run.code == ExitCode.INVALID_INPUT, run.err
    assert "servex.yaml:3:" in run.err and "must be inside the evidence folder" in run.err
    assert not out.exists() and "Traceback" not in run.err


def test_a_criteria_file_outside_still_comes_from_the_command_line(servex, mini_org: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    (mini_org / "mini-set.yaml").rename(outside)
    run = servex("assess", mini_org, "--criteria", str(outside), "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err


def test_a_manifest_symlinked_outside_is_refused_without_quoting_it(servex, mini_org: Path, tmp_path: Path) -> None:
    target = tmp_path / "passwd"
    target.write_text(SECRET + "\n", encoding="utf-8")
    (mini_org / "servex.yaml").unlink()
    (mini_org / "servex.yaml").symlink_to(target)
    run = servex("assess", mini_org)
    assert run.code == ExitCode.INVALID_INPUT
    assert "symlink leading outside the evidence folder" in run.err
    assert "do-not-print-me" not in run.err and "root:x" not in run.err


def test_a_criteria_file_that_is_not_yaml_is_never_quoted(servex, mini_org: Path) -> None:
    (mini_org / "set.yaml").write_text(SECRET + "\n", encoding="utf-8")
    _manifest(mini_org, _base(mini_org).replace("criteria: mini-set.yaml", "criteria: set.yaml"))
    run = servex("assess", mini_org)
    assert run.code == ExitCode.INVALID_INPUT
    assert "set.yaml" in run.err and "Traceback" not in run.err


def test_a_fifo_manifest_is_refused_at_once(mini_org: Path) -> None:
    (mini_org / "servex.yaml").unlink()
    os.mkfifo(mini_org / "servex.yaml")
    code, err, _peak = run_measured("assess", mini_org, timeout=60)
    assert code == ExitCode.INVALID_INPUT, err
    assert "not a regular file" in err and "Traceback" not in err


def test_a_manifest_linked_to_dev_zero_is_refused(mini_org: Path) -> None:
    (mini_org / "servex.yaml").unlink()
    (mini_org / "servex.yaml").symlink_to("/dev/zero")
    code, err, peak = run_measured("assess", mini_org, timeout=60)
    assert code == ExitCode.INVALID_INPUT, err
    assert peak < 300, peak


def test_a_device_inside_the_folder_is_refused_too(servex, tmp_path: Path) -> None:
    """A folder that is itself under /dev (or holds a device node) gets the reader's refusal."""
    from servex._errors import InvalidInputError
    from servex._yamldoc import load_yaml

    with pytest.raises(InvalidInputError, match="not a regular file"):
        load_yaml(Path("/dev/zero"), display="servex.yaml")


def _bomb(levels: int = 9) -> str:
    lines = ["x-bomb:", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"  a{n}: &a{n} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_anchor_bomb_in_the_manifest_is_a_located_error_in_bounded_memory(mini_org: Path) -> None:
    _manifest(mini_org, _base(mini_org) + _bomb())
    code, err, peak = run_measured("assess", mini_org)
    assert code == ExitCode.INVALID_INPUT, err
    assert "servex.yaml:" in err and "SERVEX_MAX_YAML_NODES" in err and "anchor bomb" in err
    assert peak < 1024, peak


def test_the_alias_limit_is_a_setting(servex, mini_org: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _manifest(mini_org, _base(mini_org) + _bomb(3))  # 820 values: fine by default
    assert servex("assess", mini_org, "--fail-on", "never").code == ExitCode.OK
    monkeypatch.setenv("SERVEX_MAX_YAML_NODES", "500")
    run = servex("assess", mini_org, "--fail-on", "never")
    assert run.code == ExitCode.INVALID_INPUT and "more than 500 values" in run.err
    monkeypatch.setenv("SERVEX_MAX_YAML_NODES", "lots")
    run = servex("assess", mini_org)
    assert run.code == ExitCode.INVALID_INPUT and "SERVEX_MAX_YAML_NODES='lots'" in run.err


@pytest.mark.parametrize(("style", "depth"), [("flow", 3000), ("block", 3000), ("flow", 80), ("block", 80)])
def test_a_deeply_nested_manifest_is_a_located_error_not_exit_70(
    servex, mini_org: Path, style: str, depth: int
) -> None:
    if style == "flow":
        nested = "x-deep: " + "[" * depth + "]" * depth + "\n"
    else:
        nested = "x-deep:\n" + "".join(f"{'  ' * (n + 1)}k{n}:\n" for n in range(depth)) + f"{'  ' * (depth + 1)}v\n"
    _manifest(mini_org, _base(mini_org) + nested)
    run = servex("assess", mini_org)
    assert run.code == ExitCode.INVALID_INPUT, run.err
    assert "nesting" in run.err and "servex.yaml:" in run.err and len(run.err.splitlines()) == 1
    if depth < 1000:  # deeper still, libyaml may stop first (its own limit is 1000)
        line = 9 if style == "flow" else 9 + 64
        assert f"servex.yaml:{line}:" in run.err
        assert "nesting deeper than 64 levels (limit SERVEX_MAX_YAML_DEPTH)" in run.err


def test_a_huge_manifest_is_refused_by_size(mini_org: Path) -> None:
    with open(mini_org / "servex.yaml", "a", encoding="utf-8") as handle:
        chunk = "# " + "padding " * 1000 + "\n"
        for _ in range(50 * 1024 * 1024 // len(chunk)):
            handle.write(chunk)
    code, err, peak = run_measured("assess", mini_org)
    assert code == ExitCode.INVALID_INPUT, err
    assert "SERVEX_MAX_YAML_MB" in err and peak < 300, (err, peak)


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(servex, mini_org: Path) -> None:
    (mini_org / "notes\nerror: everything is fine.pdf").write_bytes(b"not a pdf at all")
    run = servex("assess", mini_org, "--fail-on", "never")
    lines = run.err.splitlines()
    assert any("notes\\nerror: everything is fine.pdf" in line for line in lines), run.err
    assert not any(line.startswith("error: everything is fine") for line in lines)


@pytest.mark.parametrize("shape", ["levels: 5", "levels: {L1: x}", "criteria: 7", "scales: [1, 2]"])
def test_a_criteria_set_of_the_wrong_shape_is_exit_3_located(servex, tmp_path: Path, shape: str) -> None:
    """`levels: 5` used to crash the cross-reference checks (exit 70)."""
    from core_support import DATA

    key = shape.split(":")[0]
    text = (DATA / "mini-set.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((j for j in range(index + 1, len(lines)) if lines[j] and not lines[j].startswith(" ")), len(lines))
    path = tmp_path / "shape.yaml"
    path.write_text("\n".join([*lines[:index], shape, *lines[end:]]) + "\n", encoding="utf-8")
    run = servex("criteria", "validate", path)
    assert run.code == ExitCode.INVALID_INPUT, run.err
    assert f"shape.yaml:{index + 1}:" in run.err and f"(at $.{key})" in run.err
    assert "internal error" not in run.err
