"""Asynchronous exports: create a job, poll it with a growing wait, download its file, unpack it.

Qualtrics (response exports), Medallia and several helpdesks do not page their bulk data: they build a
file and say when it is ready. Only the finished poll answer, the create answer and the file are kept
in the evidence cache, so an offline replay walks the same three steps without waiting.
"""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from servex import CollectionError

from ._client import HttpClient, Page

__all__ = ["run_export", "unpack"]

_MAX_UNPACKED = 512 * 1024 * 1024  # a zip that unpacks to more is refused (zip bomb)


def _search(expr: str, data: Any) -> Any:
    import jmespath

    return jmespath.search(expr, data)


def run_export(
    client: HttpClient,
    base: str,
    spec: Mapping[str, Any],
    fill: Callable[[Any], Any],
    clock: Callable[[], float] = time.monotonic,
) -> list[Page]:
    """The create answer, the finished poll answer and the downloaded file (its `data` are the
    unpacked records' container: a list for CSV/NDJSON, the parsed JSON otherwise)."""
    create = spec["create"]
    made = client.request(
        str(create.get("method", "POST")),
        client.url(base + str(fill(create["path"])), fill(create.get("params") or {})),
        fill(create.get("body") or {}) if create.get("method", "POST") == "POST" else None,
    )
    job = _search(str(spec["job_id"]), made.data)
    if job in (None, ""):
        raise CollectionError(f"{made.url}: no export job id at {spec['job_id']!r}")
    ids = {"job": str(job)}
    poll = spec["poll"]
    poll_url = base + _ids(str(fill(poll["path"])), ids)
    wait, waited = float(poll.get("interval", 1.0)), 0.0
    cap, timeout = float(poll.get("max_interval", 30.0)), float(poll.get("timeout", 900.0))
    started = clock()
    while True:
        answer = client.get(poll_url)
        status = str(_search(str(poll["status"]), answer.data))
        if status in poll["done"]:
            break
        if status in (poll.get("failed") or []):
            raise CollectionError(f"export job {job} failed (status {status})")
        if client.offline:
            raise CollectionError(f"offline: export job {job} was not finished in the cached answer")
        if clock() - started + wait > timeout:
            raise CollectionError(f"export job {job}: not finished after {waited:.0f} s (status {status})")
        client.pause(wait)
        waited += wait
        wait = min(wait * 2, cap)
    if spec.get("file_id"):
        file_id = _search(str(spec["file_id"]), answer.data)
        if file_id in (None, ""):
            raise CollectionError(f"{answer.url}: finished, but no file id at {spec['file_id']!r}")
        ids["file"] = str(file_id)
    download = spec["download"]
    target = client.url(base + _ids(str(fill(download["path"])), ids), fill(download.get("params") or {}))
    got = client.get(target, raw=True)
    data = unpack(got.data, str(spec.get("format", "json")), str(spec.get("member_format", "json")), got.url)
    return [made, answer, Page(got.url, data, got.headers, got.entry)]


def _ids(path: str, ids: Mapping[str, str]) -> str:
    from urllib.parse import quote

    for key, value in ids.items():
        path = path.replace("{" + key + "}", quote(value, safe=""))
    return path


def unpack(content: bytes, kind: str, member_kind: str, where: str) -> Any:
    """Records from an export file: JSON as parsed, NDJSON and CSV as lists of objects; a zip's members
    (in name order) are unpacked with `member_kind` and their lists concatenated."""
    try:
        if kind == "zip":
            return _unzip(content, member_kind, where)
        text = content.decode("utf-8-sig")
        if kind == "csv":
            return list(csv.DictReader(io.StringIO(text, newline="")))
        if kind == "ndjson":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        return json.loads(text)
    except (ValueError, UnicodeDecodeError, csv.Error, zipfile.BadZipFile) as exc:
        raise CollectionError(f"{where}: the export file is not valid {kind}: {exc}") from exc


def _unzip(content: bytes, member_kind: str, where: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
        if sum(m.file_size for m in members) > _MAX_UNPACKED:
            raise CollectionError(f"{where}: the export unpacks to more than 512 MB; refused")
        parts = [unpack(archive.read(m), member_kind, member_kind, f"{where}!{m.filename}") for m in members]
    if len(parts) == 1:
        return parts[0]
    if all(isinstance(p, list) for p in parts):
        return [row for part in parts for row in part]
    raise CollectionError(f"{where}: the export has {len(parts)} files that are not lists; cannot join them")
