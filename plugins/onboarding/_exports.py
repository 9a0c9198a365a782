"""What each data export in a folder looks like to servex: which dataset, and how its columns map.

`servex init` shows this to a first-time user before it writes anything, so the mapping servex would
infer (same-named columns, a recognised vendor layout) is visible and correctable, and so are the
columns it could not place and the fields it found no column for.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ExportGuess", "scan_exports"]


@dataclass
class ExportGuess:
    """One data file: the dataset it fits (None when unsure) and the mapping servex infers for it."""

    path: str
    columns: list[str]
    dataset: str | None = None
    layout: str = ""  #: a recognised vendor layout (Zendesk, Freshdesk...), applied automatically
    mapping: dict[str, str] = field(default_factory=dict)  #: canonical field -> column
    derived: list[str] = field(default_factory=list)  #: fields the layout computes from two columns
    unmapped: list[str] = field(default_factory=list)  #: columns no field takes
    missing: list[str] = field(default_factory=list)  #: fields of the dataset with no column
    problem: str = ""  #: why the file could not be read or mapped


def _columns(path: Path) -> list[str]:
    from servex.plugins.datasets._duck import duck
    from servex.plugins.datasets._read import FORMATS, open_source

    scratch = Path(tempfile.mkdtemp(prefix="servex-init-"))
    try:
        with duck(scratch) as con:
            return list(open_source(con, path, FORMATS[path.suffix.lower()], {}, scratch, sample_only=True).columns)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def guess_export(root: Path, rel: str, dataset: str | None = None) -> ExportGuess:
    """Read the header of `rel` and infer its dataset (unless given) and column mapping."""
    from servex.plugins.datasets._convert import MappingError, resolve_mapping
    from servex.plugins.datasets._discover import guess_dataset
    from servex.plugins.datasets._fields import FIELDS
    from servex.plugins.datasets._read import UnreadableError

    try:
        columns = _columns(root / rel)
    except UnreadableError as exc:
        return ExportGuess(rel, [], problem=str(exc))
    except Exception as exc:  # a file DuckDB cannot parse: shown, never a traceback
        return ExportGuess(rel, [], problem=str(exc).splitlines()[0][:200])
    guess = ExportGuess(rel, columns, dataset or guess_dataset(rel, columns))
    if guess.dataset is None:
        return guess
    try:
        mapping, guess.layout = resolve_mapping(guess.dataset, columns, {})
    except MappingError as exc:
        guess.problem = str(exc)
        return guess
    used: set[str] = set()
    for name, source in mapping.items():
        if isinstance(source, str):
            guess.mapping[name] = source
            used.add(source)
        else:
            guess.derived.append(name)
            used.update(source[1:])
    guess.unmapped = [c for c in columns if c not in used]
    guess.missing = [f for f in FIELDS[guess.dataset] if f not in mapping]
    return guess


def scan_exports(root: Path) -> list[ExportGuess]:
    """Every data export of the folder (the same files `servex assess` considers), in path order."""
    from servex.plugins.datasets._discover import data_files

    return [guess_export(root, rel) for rel in data_files(root.resolve())]
