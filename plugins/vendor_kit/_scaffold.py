"""Render the plugin templates into a new distribution folder.

Templates are plain Jinja2 files shipped as package data (never code strings in Python), so what a
vendor gets is readable and diffable here. Names are derived once from the distribution name, so the
entry point, the module, the collector and the criteria set always agree.
"""

from __future__ import annotations

import keyword
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["PARTS", "Names", "ScaffoldError", "names_for", "parse_parts", "render", "scaffold"]

PARTS = ("evaluator", "criteria", "report")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*$")
_RESERVED = {"servex", "test", "tests", "pytest", "setuptools", "pip"}

#: template (under templates/) -> output path (formatted with the names) and the part that needs it
FILES: tuple[tuple[str, str, str | None], ...] = (
    ("pyproject.toml.j2", "pyproject.toml", None),
    ("README.md.j2", "README.md", None),
    ("gitignore.j2", ".gitignore", None),
    ("plugin/__init__.py.j2", "src/{module}/__init__.py", None),
    ("plugin/py.typed", "src/{module}/py.typed", None),
    ("plugin/collector.py.j2", "src/{module}/collector.py", None),
    ("plugin/evaluator.py.j2", "src/{module}/evaluator.py", "evaluator"),
    ("plugin/criteria.yaml.j2", "src/{module}/criteria/{set_id}.yaml", "criteria"),
    ("plugin/report.py.j2", "src/{module}/report.py", "report"),
    ("plugin_tests/test_collector.py.j2", "tests/test_collector.py", None),
    ("plugin_tests/test_evaluator.py.j2", "tests/test_evaluator.py", "evaluator"),
    ("plugin_tests/test_criteria.py.j2", "tests/test_criteria.py", "criteria"),
    ("plugin_tests/test_report.py.j2", "tests/test_report.py", "report"),
    ("example/servex.yaml.j2", "example/evidence/servex.yaml", None),
    ("example/nps.csv", "example/evidence/exports/nps.csv", None),
)


class ScaffoldError(Exception):
    """A usage problem: bad name, unknown part, folder in the way. One line, shown as is."""


@dataclass(frozen=True)
class Names:
    dist: str  #: distribution name, as given
    module: str  #: importable package, also the entry-point (plugin) name
    collector: str
    kind: str
    req_type: str
    set_id: str
    report_format: str
    servex_api: str


def names_for(dist: str) -> Names:
    if not _NAME.match(dist):
        raise ScaffoldError(
            f"invalid plugin name {dist!r}: use letters, digits, '-' or '_', starting with a letter (e.g. acme-nps)"
        )
    module = dist.lower().replace("-", "_")
    if keyword.iskeyword(module) or module in _RESERVED:
        raise ScaffoldError(f"invalid plugin name {dist!r}: {module!r} is reserved in Python or servex")
    from servex import PLUGIN_API_VERSION

    major = int(PLUGIN_API_VERSION.split(".")[0])
    return Names(
        dist=dist,
        module=module,
        collector=f"{module}.nps",
        kind=f"{module}.nps",
        req_type=f"{module}.nps",
        set_id=f"{module.replace('_', '-')}-nps",
        report_format=f"{module}-findings",
        servex_api=f">={PLUGIN_API_VERSION},<{major + 1}",
    )


def parse_parts(text: str) -> frozenset[str]:
    wanted = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(wanted - set(PARTS))
    if unknown:
        raise ScaffoldError(f"unknown --with part(s) {', '.join(unknown)} (choose from {', '.join(PARTS)})")
    if "criteria" in wanted:
        wanted.add("evaluator")  # the criteria set grades with the evaluator
    return frozenset(wanted)


def _template(name: str) -> str:
    return resources.files("servex.plugins.vendor_kit").joinpath("templates", name).read_text(encoding="utf-8")


def render(names: Names, parts: Iterable[str]) -> dict[str, str]:
    """Relative output path -> rendered text, for the parts asked for."""
    import jinja2

    chosen = set(parts)
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True
    )
    values: Mapping[str, Any] = {**vars(names), **{f"with_{part}": part in chosen for part in PARTS}}
    out: dict[str, str] = {}
    for template, target, part in FILES:
        if part is not None and part not in chosen:
            continue
        text = _template(template)
        rendered = env.from_string(text).render(values) if template.endswith(".j2") else text
        out[target.format(**vars(names))] = rendered
    return out


def scaffold(dist: str, folder: Path, parts: Iterable[str] = ()) -> list[Path]:
    """Create the distribution in `folder` (missing or empty); returns the files written.

    The files are written to a temporary folder beside `folder`, which is then renamed into place: a
    full disk or a permission error leaves no half-made plugin behind.
    """
    import shutil
    import tempfile

    names = names_for(dist)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} already exists and is not empty; choose another --dir")
    files = render(names, parts)
    staging: Path | None = None
    try:
        folder.absolute().parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.absolute().parent))
        for rel, text in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a project folder is not
        staging.replace(folder)  # an empty folder is replaced; a non-empty one was refused above
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"cannot create {folder}: {exc.strerror or exc}") from None
    return [folder / rel for rel in sorted(files)]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
