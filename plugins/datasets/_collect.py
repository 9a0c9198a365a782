"""The `datasets` collector: each export named in the manifest becomes one canonical Parquet file.

Conversions are cached by the export's content hash and its mapping, so a re-run on unchanged evidence
reads nothing but the hash; problems found when converting are stored with the cache entry and
reported again, so a cached run says exactly what a cold run said. Cache entries are written under
names unique to the run and renamed into place, so concurrent runs never read half an entry.

A source none of whose files gives a usable record fails (exit 5 when it is required): "0 records"
must never look like a clean export.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from servex import CollectContext, CollectionError, EvidenceItem, Provenance, evidence_id, sha256_file
from servex.plugins.datasets._config import CONFIG_SCHEMA, FILE_SETTINGS, period_zone, problem
from servex.plugins.datasets._discover import claimed_paths, data_files, guess_dataset, is_claimed
from servex.plugins.datasets._hashing import hash_aside, remember, seen_before

__all__ = ["CONFIG_SCHEMA", "NoUsableRecordsError", "collect"]

_VERSION = "26"  # bump when the conversion changes, so stale cache entries are not reused
_MEDIA = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}
_REPLACED = ["warning", "bytes that are not valid in the file's encoding were replaced by \ufffd", None, ""]


class NoUsableRecordsError(CollectionError):
    """A configured source whose files together give no record to grade on."""


def _convert_file(
    ctx: CollectContext, path: Path, rel: str, fmt: str, spec: Mapping[str, Any], target: Path, zone: str
) -> dict[str, Any] | None:
    from servex.plugins.datasets._convert import MappingError, RejectedError, convert, resolve_mapping
    from servex.plugins.datasets._dates import DateOrderError
    from servex.plugins.datasets._direction import check_direction
    from servex.plugins.datasets._duck import duck, interrupted
    from servex.plugins.datasets._liveload import meta_of
    from servex.plugins.datasets._numbers import DecimalMarkError
    from servex.plugins.datasets._read import UnreadableError, open_source

    scratch = Path(tempfile.mkdtemp(prefix="convert-", dir=target.parent))
    try:
        for attempt in (False, True):
            with duck(scratch) as con:
                try:
                    source = open_source(con, path, fmt, dict(spec), scratch, force_replace=attempt)
                    mapping, profile = resolve_mapping(
                        spec["dataset"],
                        source.columns,
                        spec.get("mapping") or {},
                        spec.get("constants"),
                        spec.get("scores"),
                    )
                    check_direction(mapping, spec)
                    done = convert(
                        con, spec["dataset"], mapping, source.first_line, spec, target, zone, source.csv
                    )
                    text_read = fmt == "csv" and not done.native  # a typed read fails on any bad line
                    if text_read and not attempt and _bad_unicode(con):
                        continue  # mixed encodings: read again with undecodable bytes replaced
                    skipped, rejects = _rejects(con) if text_read else (0, [])
                    issues = [list(i) for i in source.issues] + [list(i) for i in done.issues] + rejects
                    replaced = [_REPLACED] if attempt else []
                    return meta_of(done, profile, source.notes, issues + replaced, skipped)
                except (UnreadableError, MappingError) as exc:
                    ctx.error(f"{spec['dataset']} export unusable: {exc}", file=rel)
                    return None
                except (DateOrderError, DecimalMarkError, RejectedError) as exc:
                    ctx.error(f"{spec['dataset']} export unusable: {exc}", file=rel, line=exc.line, field=exc.field)
                    return None
                except Exception as exc:  # DuckDB's own errors: a broken file, not a broken run
                    if interrupted(exc):
                        raise KeyboardInterrupt from None  # Ctrl-C ends the run; it is not a bad file
                    if not attempt and "unicode" in str(exc).lower() and fmt == "csv":
                        continue  # mixed encodings: retry once with undecodable bytes replaced
                    if not attempt and fmt == "ndjson":
                        continue  # a bad line: retry once without it (one row's error, not the file's)
                    first = " ".join(str(exc).split())[:200]
                    ctx.error(f"{spec['dataset']} export unreadable: {type(exc).__name__}: {first}", file=rel)
                    return None
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _key(digest: str, fmt: str, settings: Mapping[str, Any], zone: str) -> str:
    """The cache key of a conversion: what the converted records depend on."""
    return hashlib.sha256(
        json.dumps([_VERSION, digest, fmt, settings, zone], sort_keys=True, default=str).encode()
    ).hexdigest()


def _bad_unicode(con: Any) -> bool:
    kinds = "('INVALID ENCODING', 'INVALID_UNICODE')"
    return bool(con.execute(f"SELECT count(*) FROM reject_errors WHERE error_type IN {kinds}").fetchone()[0])


def _rejects(con: Any) -> tuple[int, list[list[Any]]]:
    """(malformed lines skipped, the issues that say so)."""
    # A second read (to cite bad values) rejects the same lines again: count each line once.
    total = int(con.execute("SELECT count(DISTINCT line) FROM reject_errors").fetchone()[0])
    if not total:
        return 0, []
    out: list[list[Any]] = [["warning", f"{total} malformed CSV row(s) skipped", None, ""]]
    for line, column, kind in con.execute(
        "SELECT DISTINCT line, column_name, error_type FROM reject_errors ORDER BY line LIMIT 3"
    ).fetchall():
        out.append(
            ["warning", f"row skipped: {str(kind).lower().replace('_', ' ')}", int(line), str(column or "")]
        )
    return total, out


def _inside(ctx: CollectContext, raw: str) -> tuple[Path | None, str]:
    root = ctx.evidence_dir.resolve()
    resolved = (ctx.evidence_dir / raw).resolve()
    if not resolved.is_relative_to(root):
        return None, "the path leads outside the evidence folder (../ or a symbolic link); refused"
    if not resolved.is_file():
        return None, "file not found"
    return resolved, resolved.relative_to(root).as_posix()


def _first_datasets_source(manifest: Mapping[str, Any]) -> str | None:
    return next((s["name"] for s in manifest.get("sources") or [] if s.get("collector") == "datasets"), None)


def _undeclared(ctx: CollectContext, auto: bool) -> list[dict[str, Any]]:
    """Data files no source reads: listed in the log; without a datasets source, recognised ones are used."""
    if not auto and ctx.source != _first_datasets_source(ctx.manifest):
        return []  # one listing per run
    claimed = claimed_paths(ctx.manifest)
    found = []
    for rel in data_files(ctx.evidence_dir.resolve()):
        if is_claimed(rel, claimed):
            continue
        dataset = _sniff_dataset(ctx, rel) if auto else None
        if dataset is None:
            how = "add it to a datasets source in servex.yaml" if auto else "add it to this source's files"
            ctx.warn(f"not used: {rel} (no source reads it; {how})", file=rel)
            continue
        ctx.warn(f"used as a {dataset} export although servex.yaml does not declare it", file=rel)
        found.append({"path": rel, "dataset": dataset})
    return found


def _sniff_dataset(ctx: CollectContext, rel: str) -> str | None:
    from servex.plugins.datasets._duck import duck, interrupted
    from servex.plugins.datasets._read import FORMATS, UnreadableError, open_source

    path = ctx.evidence_dir.resolve() / rel
    scratch = Path(tempfile.mkdtemp(prefix="sniff-"))
    try:
        with duck(scratch) as con:
            source = open_source(con, path, FORMATS[path.suffix.lower()], {}, scratch, sample_only=True)
            return guess_dataset(rel, source.columns)
    except UnreadableError:
        return None
    except Exception as exc:
        if interrupted(exc):
            raise KeyboardInterrupt from None
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _settings(ctx: CollectContext) -> Any:
    from servex.plugins.datasets._settings import engine_settings

    try:
        return engine_settings(ctx.manifest)
    except ValueError:
        return None  # a malformed setting: files go to Parquet, and grading says what is wrong


def collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    auto = "files" not in ctx.config
    zone = period_zone(ctx.manifest)
    cache = ctx.cache_dir / "datasets"
    cache.mkdir(parents=True, exist_ok=True)
    specs = list(ctx.config.get("files") or []) + _undeclared(ctx, auto)
    if specs:  # a folder without data files does not pay for importing the conversion engine
        from servex.plugins.datasets._convert import save_meta
        from servex.plugins.datasets._live import LiveDb, Table, fits_in_memory
        from servex.plugins.datasets._liveload import load_csv, reload_csv
        from servex.plugins.datasets._read import FORMATS

        settings = _settings(ctx)
        db = LiveDb(settings) if settings is not None else None  # the source's files share one connection
    usable = 0
    made: list[EvidenceItem] = []
    for spec in specs:
        raw = spec["path"]
        path, rel = _inside(ctx, raw)
        if path is None:
            ctx.error(rel, file=raw)
            continue
        fmt = spec.get("format") or FORMATS.get(path.suffix.lower())
        issue = problem(spec) or ("" if fmt else f"unknown file type {path.suffix!r}; set `format`")
        if issue or fmt is None:
            ctx.error(issue, file=rel)
            continue
        if not spec.get("timezone") and zone != "UTC":
            spec = {**spec, "timezone": zone}  # naive times in an export are the organisation's local time
        key_of = partial(_key, fmt=fmt, settings={k: spec.get(k) for k in FILE_SETTINGS}, zone=zone)

        # A file seen unchanged on disk before is hashed first (its conversion is likely cached); any
        # other is hashed on a thread while it is read (see _hashing), and keyed once both are done.
        hashing = None if seen_before(cache, path, key_of) else hash_aside(path)
        digest = sha256_file(path) if hashing is None else None
        meta = target = meta_path = None
        if digest is not None:
            key = key_of(digest)
            target, meta_path = cache / f"{key}.parquet", cache / f"{key}.json"
            meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else None
            if meta is not None and not (target.is_file() or meta.get("live")):
                meta = None
        live = db is not None and fmt == "csv" and fits_in_memory(path, db.settings)
        table = None
        if meta is None:
            pending = target or cache / f"pending-{os.getpid()}-{secrets.token_hex(6)}.parquet"
            loaded = load_csv(path, spec, db) if live and db is not None else None
            if loaded is None:
                meta = _convert_file(ctx, path, rel, fmt, spec, pending, zone)
            if hashing is not None:
                digest = hashing.result()
                key = key_of(digest)
                target, meta_path = cache / f"{key}.parquet", cache / f"{key}.json"
                if pending.is_file():
                    os.replace(pending, target)
            assert digest is not None and target is not None and meta_path is not None
            if loaded is not None:
                meta = {**loaded[0], "live": True}
                table = Table(target, key, db, loaded[1], reload_csv(path, spec))
            elif meta is None:
                continue
            save_meta(meta_path, meta)
        assert digest is not None and target is not None
        remember(cache, path, digest)
        if table is None:
            kept = meta.get("live") and not target.is_file()
            table = Table(target, key, db, None, reload_csv(path, spec)) if kept else Table(target, key)
        for level, message, line, field in meta["issues"]:
            (ctx.error if level == "error" else ctx.warn)(message, file=rel, line=line, field=field)
        usable += sum(meta["months"].values())
        made.append(_item(ctx, spec, path, rel, fmt, digest, meta, table))
    if len(made) > 1:  # files of one dataset that hold the same records (see _overlap)
        from servex.plugins.datasets._overlap import with_overlaps

        made = with_overlaps(ctx, made, db, cache)
    yield from made
    if not auto and not usable:
        raise NoUsableRecordsError(
            f"no usable record in its {len(specs)} file(s) (none with a readable date); "
            "nothing from this source can be graded, see the errors for each file"
        )


def _item(
    ctx: CollectContext,
    spec: Mapping[str, Any],
    path: Path,
    rel: str,
    fmt: str,
    digest: str,
    meta: Mapping[str, Any],
    table: Any,
) -> EvidenceItem:
    repeated = int(meta.get("repeated_ids") or 0)  # rows sharing an id with a different row (see _duplicates)
    return EvidenceItem(
        id=evidence_id("datasets", rel, spec["dataset"]),
        kind="dataset",
        title=f"{spec['dataset']} export {rel}",
        provenance=Provenance(
            "datasets", rel, digest, path.stat().st_size, _MEDIA[fmt], ctx.collected_at, meta["first"], meta["last"]
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
            "scales": meta.get("scales") or {},
            "scale_doubts": meta.get("doubts") or {},
            **({"repeated_ids": repeated} if repeated else {}),
            # what the data checks left out, as numbers for the reports (see docs/evidence-data.md)
            "copies": int(meta.get("copies") or 0),
            "out_of_order": dict(meta.get("out_of_order") or {}),
            **({"instant": dict(meta["instant"])} if meta.get("instant") else {}),
            **({"written": dict(meta["written"])} if meta.get("written") else {}),
            **({"present": dict(meta["present"])} if meta.get("present") else {}),
            **({"last_end": dict(meta["last_end"])} if meta.get("last_end") else {}),
            **({"at_deadline": dict(meta["at_deadline"])} if meta.get("at_deadline") else {}),
            **({"deadline_hours": dict(meta["deadline_hours"])} if meta.get("deadline_hours") else {}),
            **({"with_deadline": dict(meta["with_deadline"])} if meta.get("with_deadline") else {}),
            **({"midnight": dict(meta["midnight"])} if meta.get("midnight") else {}),
            **({"answers": dict(meta["answers"])} if meta.get("answers") else {}),
            **({"spread": dict(meta["spread"])} if meta.get("spread") else {}),
            **({"answered_months": dict(meta["answered_months"])} if meta.get("answered_months") is not None else {}),
            **({"distinct": dict(meta["distinct"])} if meta.get("distinct") else {}),
            **({"auto_closed": list(meta["auto_closed"])} if meta.get("auto_closed") else {}),
            **({"skipped": int(meta["skipped"])} if meta.get("skipped") else {}),  # malformed lines not read
        },
        payload=table,
    )
