"""The `datasets` collector: each export named in the manifest becomes one canonical Parquet file.

Conversions are cached by the export's content hash and its mapping, so a re-run on unchanged evidence
reads nothing but the hash; problems found when converting are stored with the cache entry and
reported again, so a cached run says exactly what a cold run said.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zoneinfo
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from servex import CollectContext, EvidenceItem, Provenance, evidence_id, sha256_file
from servex.plugins.datasets._fields import FIELDS

__all__ = ["CONFIG_SCHEMA", "collect", "connect"]

_VERSION = "1"  # bump when the conversion changes, so stale cache entries are not reused
_MEDIA = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["files"],
    "properties": {
        "files": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path", "dataset"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "dataset": {"enum": sorted(FIELDS)},
                    "format": {"enum": ["csv", "xlsx", "json", "ndjson", "parquet"]},
                    "mapping": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
                    "date_format": {"type": "string", "minLength": 2},
                    "timezone": {"type": "string", "minLength": 1},
                    "delimiter": {"type": "string", "minLength": 1, "maxLength": 1},
                    "encoding": {"type": "string", "minLength": 1},
                    "sheet": {"type": "string", "minLength": 1},
                },
            },
        }
    },
}


def connect(scratch: Path | None = None) -> Any:
    """A DuckDB connection with bounded memory: large exports spill to disk instead of growing RSS."""
    import duckdb

    # Never DuckDB's default spill folder (`.tmp` in the working directory, maybe the evidence folder).
    spill = scratch if scratch is not None else Path(tempfile.gettempdir()) / "servex-duckdb"
    config: dict[str, Any] = {"memory_limit": "512MB", "threads": 2, "temp_directory": str(spill)}
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET TimeZone = 'UTC'")
    return con


def _problem(spec: Mapping[str, Any]) -> str:
    """A configuration mistake the schema cannot catch."""
    if spec.get("timezone"):
        try:
            zoneinfo.ZoneInfo(spec["timezone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return f"unknown time zone {spec['timezone']!r} (use an IANA name such as Europe/Paris)"
    if spec.get("encoding"):
        import codecs

        try:
            codecs.lookup(spec["encoding"])
        except LookupError:
            return f"unknown encoding {spec['encoding']!r}"
    return ""


def _convert_file(
    ctx: CollectContext, path: Path, rel: str, fmt: str, spec: Mapping[str, Any], target: Path
) -> dict[str, Any] | None:
    from servex.plugins.datasets._convert import MappingError, convert, resolve_mapping
    from servex.plugins.datasets._read import UnreadableError, open_source

    scratch = Path(tempfile.mkdtemp(prefix="convert-", dir=target.parent))
    try:
        for attempt in (False, True):
            con = connect(scratch)
            try:
                source = open_source(con, path, fmt, dict(spec), scratch, force_replace=attempt)
                mapping, profile = resolve_mapping(spec["dataset"], source.columns, spec.get("mapping") or {})
                done = convert(con, spec["dataset"], mapping, source.first_line, spec, target)
                if fmt == "csv" and not attempt and _bad_unicode(con):
                    continue  # mixed encodings: read again with undecodable bytes replaced
                rejects = _rejects(con) if fmt == "csv" else []
                return {
                    "rows": done.rows,
                    "columns": done.columns,
                    "first": done.first,
                    "last": done.last,
                    "months": done.months,
                    "invalid": done.invalid,
                    "profile": profile,
                    "notes": source.notes,
                    "issues": [list(i) for i in done.issues]
                    + rejects
                    + (
                        [
                            [
                                "warning",
                                "bytes that are not valid in the file's encoding were replaced by \ufffd",
                                None,
                                "",
                            ]
                        ]
                        if attempt
                        else []
                    ),
                }
            except (UnreadableError, MappingError) as exc:
                ctx.error(f"{spec['dataset']} export unusable: {exc}", file=rel)
                return None
            except Exception as exc:  # DuckDB's own errors: a broken file, not a broken run
                if not attempt and "unicode" in str(exc).lower() and fmt == "csv":
                    continue  # mixed encodings: retry once with undecodable bytes replaced
                ctx.error(f"{spec['dataset']} export unreadable: {type(exc).__name__}: {str(exc)[:300]}", file=rel)
                return None
            finally:
                con.close()
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _bad_unicode(con: Any) -> bool:
    kinds = "('INVALID ENCODING', 'INVALID_UNICODE')"
    return bool(con.execute(f"SELECT count(*) FROM reject_errors WHERE error_type IN {kinds}").fetchone()[0])


def _rejects(con: Any) -> list[list[Any]]:
    # A second read (to cite bad values) rejects the same lines again: count each line once.
    total = con.execute("SELECT count(DISTINCT line) FROM reject_errors").fetchone()[0]
    if not total:
        return []
    out: list[list[Any]] = [["warning", f"{total} malformed CSV row(s) skipped", None, ""]]
    for line, column, kind in con.execute(
        "SELECT DISTINCT line, column_name, error_type FROM reject_errors ORDER BY line LIMIT 3"
    ).fetchall():
        out.append(["warning", f"row skipped: {str(kind).lower().replace('_', ' ')}", int(line), str(column or "")])
    return out


def _inside(ctx: CollectContext, raw: str) -> tuple[Path | None, str]:
    root = ctx.evidence_dir.resolve()
    resolved = (ctx.evidence_dir / raw).resolve()
    if not resolved.is_relative_to(root):
        return None, "the path leads outside the evidence folder (../ or a symbolic link); refused"
    if not resolved.is_file():
        return None, "file not found"
    return resolved, resolved.relative_to(root).as_posix()


def collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    from servex.plugins.datasets._convert import save_meta
    from servex.plugins.datasets._read import FORMATS

    cache = ctx.cache_dir / "datasets"
    cache.mkdir(parents=True, exist_ok=True)
    for spec in ctx.config.get("files") or []:
        raw = spec["path"]
        path, rel = _inside(ctx, raw)
        if path is None:
            ctx.error(rel, file=raw)
            continue
        fmt = spec.get("format") or FORMATS.get(path.suffix.lower())
        problem = _problem(spec) or ("" if fmt else f"unknown file type {path.suffix!r}; set `format`")
        if problem or fmt is None:
            ctx.error(problem, file=rel)
            continue
        digest = sha256_file(path)
        settings = {
            k: spec.get(k) for k in sorted(CONFIG_SCHEMA["properties"]["files"]["items"]["properties"]) if k != "path"
        }
        key = hashlib.sha256(json.dumps([_VERSION, digest, fmt, settings], sort_keys=True).encode()).hexdigest()
        target, meta_path = cache / f"{key}.parquet", cache / f"{key}.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() and target.is_file() else None
        if meta is None:
            meta = _convert_file(ctx, path, rel, fmt, spec, target)
            if meta is None:
                continue
            save_meta(meta_path, meta)
        for level, message, line, field in meta["issues"]:
            (ctx.error if level == "error" else ctx.warn)(message, file=rel, line=line, field=field)
        yield EvidenceItem(
            id=evidence_id("datasets", rel, spec["dataset"]),
            kind="dataset",
            title=f"{spec['dataset']} export {rel}",
            provenance=Provenance(
                "datasets",
                rel,
                digest,
                path.stat().st_size,
                _MEDIA[fmt],
                ctx.collected_at,
                meta["first"],
                meta["last"],
            ),
            attributes={
                "dataset": spec["dataset"],
                "rows": meta["rows"],
                "columns": meta["columns"],
                "first": meta["first"],
                "last": meta["last"],
                "months": meta["months"],
                "format": fmt,
                "layout": meta["profile"],
                "invalid": meta["invalid"],
            },
            payload=target,
        )
