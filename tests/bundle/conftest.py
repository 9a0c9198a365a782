"""A copy of the telecom sample bundled once with its evidence, shared by the bundle tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bundle_support import REPO, run_servex


@pytest.fixture(scope="session")
def telecom_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("telecom-bundle") / "telecom-operator"
    shutil.copytree(REPO / "evidence_samples/telecom-operator", folder)
    return folder


@pytest.fixture(scope="session")
def bundle_with_copies(telecom_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundles")
    done = run_servex("bundle", str(telecom_copy), "-o", "full.zip", "--with-evidence", "--report", "md",
                      "--report", "oscal", cwd=out)
    assert done.returncode == 0, done.stderr
    return out / "full.zip"
