"""Which column of an export is which canonical field: same-named columns, a recognised vendor layout,
the manifest's explicit `mapping`, and the file's own survey items (`scores:`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.datasets._fields import (
    DATE_FIELDS,
    DESCRIPTIVE,
    FIELDS,
    Source,
    canonical_name,
    own_score,
    recognise,
)

__all__ = ["MappingError", "resolve_mapping"]


class MappingError(Exception):
    """A canonical field the dataset needs has no column; the message names it."""


def resolve_mapping(
    dataset: str,
    columns: list[str],
    mapping: Mapping[str, str],
    constants: Mapping[str, Any] | None = None,
    scores: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[dict[str, Source], str]:
    """Canonical field -> source column: same-named columns, then a recognised vendor layout, then the
    manifest's explicit mapping (which always wins). Fields given a constant need no column. The
    entry's own score items (`scores:`) are mapped to their columns under their own names."""
    known = FIELDS[dataset]
    out: dict[str, Source] = {}
    for column in columns:
        if canonical_name(column) in known:
            out.setdefault(canonical_name(column), column)
    profile, matched = recognise(dataset, columns)
    if profile is not None:
        for name, source in profile.columns.items():
            needed = [source] if isinstance(source, str) else [source[1], source[2]]
            if name in known and all(n in columns for n in needed):
                out[name] = source
    for key, names in (("mapping", mapping), ("constants", constants or {})):
        for name in names:
            if name not in known:
                own = "; a survey item of your own goes under `scores:`" if own_score(dataset, name) else ""
                raise MappingError(
                    f"{key} names {name!r}, which is not a field of {dataset} (fields: {', '.join(sorted(known))}){own}"
                )
    for name in constants or {}:
        if name not in DESCRIPTIVE and name != DATE_FIELDS[dataset]:
            allowed = ", ".join(sorted(n for n in DESCRIPTIVE | {DATE_FIELDS[dataset]} if n in known))
            raise MappingError(
                f"constants names {name!r}, which records what happened to each {dataset} record: one value "
                f"for the whole file would state the figure instead of measuring it; map it to a column, or "
                f"leave it out (fields a constant may set: {allowed})"
            )
    for name, column in mapping.items():
        if column not in columns:
            raise MappingError(f"mapping {name}: {column!r}, but the file has no such column")
        out[name] = column
    for name, item in (scores or {}).items():
        if name in known:  # the manifest schema refuses it first; a caller without the schema must too
            raise MappingError(f"scores names {name!r}, which is a canonical field of {dataset}")
        if item["column"] not in columns:
            raise MappingError(
                f"scores {name}: {item['column']!r}, but the file has no such column "
                f"(columns found: {', '.join(columns[:30])})"
            )
        out[name] = item["column"]
    for name in constants or {}:
        out.pop(name, None)
    date_field = DATE_FIELDS[dataset]
    if date_field not in out and date_field not in (constants or {}):
        hint = f" (it matches several known layouts: {', '.join(matched)})" if len(matched) > 1 else ""
        raise MappingError(
            f"no column for the canonical field {date_field!r}{hint}; add `mapping: {{{date_field}: "
            f'"<your column>"}}` to this file\'s entry, or `constants: {{{date_field}: <date>}}` when every '
            f"record has the same date (columns found: {', '.join(columns[:30])})"
        )
    return out, profile.name if profile is not None else ""
