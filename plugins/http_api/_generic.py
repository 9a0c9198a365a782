"""The generic `http-json` collector: any JSON API described in the manifest becomes canonical datasets.

The vendor connectors are presets of this same engine, so pagination, retries, the evidence cache and
secret handling are written (and tested) once.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex import CollectContext, CollectionError, EvidenceItem, Provenance, evidence_id

from ._auth import Auth, load_auth
from ._cache import ResponseCache, write_atomic
from ._client import HttpClient, Page, RetryPolicy
from ._enrich import early_enrichers
from ._export import run_export
from ._fields import Fields, Row, compile_path
from ._pagination import pages
from ._prefetch import prefetched
from ._records import Dataset, add_minutes, write_parquet
from ._schema import CONFIG_SCHEMA
from ._state import IncrementalState, endpoint_key
from ._template import fill, period_values

__all__ = ["CONFIG_SCHEMA", "collect_api"]

Rows = list[Row]


@dataclass
class _Fetched:
    rows: Rows  #: converted, not yet merged (unless `own` took them)
    side_rows: Rows
    responses: list[dict[str, Any]]
    own: Dataset | None  #: the dataset this endpoint filled while it read
    log: list[tuple[str, str]]  #: conversion errors (message, field), reported in endpoint order
    #: an enriching endpoint merged while it read: each row's place in its stream (for `rows`, the ones
    #: whose record had not arrived yet) and the errors of the rows already merged, by place
    places: list[int] = field(default_factory=list)
    early_log: list[tuple[int, list[tuple[str, str]]]] = field(default_factory=list)


def _newest(values: list[Any]) -> Any:
    """The greatest of record cursor values: numbers as numbers, anything else as text (ISO 8601 sorts)."""
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if numbers and len(numbers) == len(values):
        return max(numbers)
    return max(str(v) for v in values)


class _Run:
    def __init__(self, ctx: CollectContext, collector: str, config: Mapping[str, Any]) -> None:
        self.ctx, self.collector, self.config = ctx, collector, config
        self.auth: Auth = load_auth(config.get("auth"), offline=ctx.offline)
        self.base = str(config["base_url"]).rstrip("/")
        root = ctx.cache_dir / "http_api"
        self.cache = ResponseCache(root / "responses", ctx.period, ctx.collected_at)
        self.out_dir = root / "datasets"
        self.client = HttpClient(
            auth=self.auth,
            cache=self.cache,
            offline=ctx.offline,
            policy=RetryPolicy.from_config(config),
            rate_limit=config.get("rate_limit"),
            concurrency=int(config.get("concurrency", 4)),
            headers=config.get("headers"),
            rate_headers=config.get("rate_limit_headers"),
        )
        self.values = period_values(ctx.period)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", ctx.source)
        self.state = IncrementalState(root / "state" / f"{stem}-{self.values['start']}_{self.values['end']}.json")
        self._state_lock = threading.Lock()

    def warn(self, message: str) -> None:
        self.ctx.warn(self.auth.scrub(message))

    def _rows(self, page: Page, fields: Fields) -> Rows:
        out: Rows = []
        for position, record in enumerate(fields.found(page.data)):
            record_id = fields.id.search(record)
            if record_id is None:
                self.ctx.error(f"{page.url}: record {position} has no id; skipped", field="id")
                continue
            out.append(fields.row(str(record_id), record))
        return out

    def _pages(self, endpoint: Mapping[str, Any], values: Mapping[str, str], fields: Fields) -> Iterator[Page]:
        params = endpoint.get("params") or {}
        if values.get("resume") and endpoint.get("incremental", {}).get("resume_params"):
            params = endpoint["incremental"]["resume_params"]
        params = {k: str(v) for k, v in fill(params, values).items()}
        body: dict[str, Any] | None = None
        if endpoint.get("graphql"):
            graphql = endpoint["graphql"]
            body = {"query": graphql["query"], "variables": fill(graphql.get("variables") or {}, values)}
        elif endpoint.get("method") == "POST":
            body = fill(endpoint.get("body") or {}, values)
        url = self.base + "/" + str(endpoint["path"]).lstrip("/")
        spec = endpoint.get("pagination") or {"type": "none"}
        method = "POST" if body is not None else "GET"
        return pages(self.client, url, params, spec, fields.count, self.warn, method=method, body=body)

    def _incremental(self, endpoint: Mapping[str, Any], fields: Fields) -> Iterator[Page]:
        """Pages an earlier run of this period read (from the cache), then the new ones from its cursor."""
        spec, key = endpoint["incremental"], endpoint_key(endpoint)
        prior = self.state.get(key)
        if prior is None:
            cursor = fill(spec.get("initial", "{start_iso}"), self.values)
            values = {**self.values, "cursor": str(cursor)}
        else:
            values = {**self.values, "cursor": str(prior["cursor"]), "resume": "1"}
        seen: list[tuple[str, str]] = []
        for old in (prior or {}).get("responses", []):
            page = self.client.cached(str(old["url"]), str(old.get("request", "")))
            seen.append((page.entry["url"], page.entry.get("request", "")))
            yield page
        if self.ctx.offline and prior is not None:
            return
        found: list[Any] = []
        for page in self._pages(endpoint, values, fields):
            seen.append((page.entry["url"], page.entry.get("request", "")))
            if spec.get("value"):
                got = compile_path(str(spec["value"])).search(page.data)
                if got not in (None, ""):
                    found = [got]
            else:
                path = compile_path(str(spec["record"]))
                found.extend(v for v in (path.search(r) for r in fields.found(page.data)) if v not in (None, ""))
            yield page
        if self.ctx.offline:
            return
        if spec.get("record") and prior is not None:
            found.append(prior["cursor"])
        cursor = (found[-1] if spec.get("value") else _newest(found)) if found else values["cursor"]
        with self._state_lock:
            self.state.put(key, cursor, seen)

    def fetch(self, endpoint: Mapping[str, Any], own: Dataset | None = None, early: Dataset | None = None) -> _Fetched:
        """All records of one endpoint as converted rows, those of its side-loads, and the responses they
        came from. Pages are read ahead on another thread while this one maps them. With `own` (the
        endpoint is the first to fill its dataset) rows are merged into it page by page, while the
        requests for the next pages are under way, instead of all at the end; with `early` (an enriching
        endpoint, see `_enrich`) each row whose record is already in that dataset is merged the same way."""
        where = _where(endpoint)
        fields = Fields(endpoint, where)
        sides = [Fields(side, f"{where} ({side['records']})") for side in endpoint.get("sideloads") or []]
        got = _Fetched([], [], [], own, [])
        place = 0
        if endpoint.get("export"):  # the create and poll answers are provenance; the file holds the records
            *steps, last = run_export(self.client, self.base, endpoint["export"], lambda v: fill(v, self.values))
            got.responses.extend(dict(step.entry) for step in steps)
            stream: Iterator[Page] | list[Page] = [last]
        elif endpoint.get("incremental"):
            stream = self._incremental(endpoint, fields)
        else:
            stream = self._pages(endpoint, self.values, fields)
        for page in prefetched(iter(stream), depth=2 * self.client.concurrency):
            if endpoint.get("graphql") and isinstance(page.data, dict) and page.data.get("errors"):
                first = page.data["errors"][0]
                reason = first.get("message") if isinstance(first, dict) else first
                raise CollectionError(self.auth.scrub(f"{page.url}: GraphQL error: {str(reason)[:200]}"))
            got.responses.append(dict(page.entry))
            if own is not None:
                self.merge(own, self._rows(page, fields), False, where, got.log)
            elif early is not None:
                for row in self._rows(page, fields):
                    if row.id in early.records:
                        errors: list[tuple[str, str]] = []
                        self.merge(early, [row], True, where, errors)
                        if errors:
                            got.early_log.append((place, errors))
                    else:
                        got.rows.append(row)
                        got.places.append(place)
                    place += 1
            else:
                got.rows.extend(self._rows(page, fields))
            for side in sides:
                got.side_rows.extend(self._rows(page, side))
        return got

    def _merge_rest(self, dataset: Dataset, got: _Fetched, url: str) -> None:
        """An early-merging endpoint's rows whose record came after them, then its errors in row order."""
        for place, row in zip(got.places, got.rows, strict=True):
            errors: list[tuple[str, str]] = []
            self.merge(dataset, [row], True, url, errors)
            if errors:
                got.early_log.append((place, errors))
        for _, errors in sorted(got.early_log, key=lambda entry: entry[0]):
            got.log.extend(errors)

    def merge(self, dataset: Dataset, rows: Rows, enrich: bool, url: str, log: list[tuple[str, str]]) -> None:
        """Merge `rows` into `dataset`; conversion errors go to `log` (message, field), which the caller
        reports in endpoint order, whichever thread merged."""
        for row in rows:
            record_id = row.id
            if enrich and record_id not in dataset.records:
                continue
            clean = row.clean
            for name, message in row.errors:
                log.append((f"{url}: record {record_id}: {message}", name))
            for name, (raw, after) in row.later.items():
                try:
                    base = clean.get(after, dataset.records.get(record_id, {}).get(after))
                    clean[name] = add_minutes(base, None if raw is None else float(raw))
                except (TypeError, ValueError, OverflowError) as exc:
                    log.append((f"{url}: record {record_id}: {exc}", name))
                    clean[name] = None
            dataset.merge(record_id, clean)

    def run(self) -> Iterator[EvidenceItem]:
        endpoints = list(self.config["endpoints"])
        # DuckDB (for the Parquet file at the end) loads while the requests wait on the rate limit.
        threading.Thread(target=_load_duckdb, name="servex-duckdb-import", daemon=True).start()
        order = sorted(range(len(endpoints)), key=lambda i: bool(endpoints[i].get("enrich")))
        datasets: dict[str, Dataset] = {}
        owned: list[Dataset | None] = [None] * len(endpoints)
        for i in order:  # the first endpoint of a dataset (never an enriching one) fills it as it reads
            name = endpoints[i]["dataset"]
            if name not in datasets and not endpoints[i].get("enrich"):
                datasets[name] = owned[i] = Dataset(name)
        early = early_enrichers(endpoints)
        targets = [datasets.get(e["dataset"]) if i in early else None for i, e in enumerate(endpoints)]
        try:
            with ThreadPoolExecutor(max_workers=max(1, min(len(endpoints), self.client.concurrency))) as pool:
                fetched = list(pool.map(self.fetch, endpoints, owned, targets))
        finally:
            self.client.close()
        responses: dict[str, list[dict[str, Any]]] = {}
        for i in order:
            name, where, got = endpoints[i]["dataset"], _where(endpoints[i]), fetched[i]
            dataset = datasets.setdefault(name, Dataset(name))
            dataset.declared.update(endpoints[i]["fields"])
            if i in early:
                self._merge_rest(dataset, got, where)
            elif got.own is None:
                self.merge(dataset, got.rows, bool(endpoints[i].get("enrich")), where, got.log)
            self._report(got.log)
            responses.setdefault(name, []).extend(got.responses)
        for i, endpoint in enumerate(endpoints):  # side-loaded lists enrich once every main list is in
            dataset = datasets[endpoint["dataset"]]
            for side in endpoint.get("sideloads") or []:
                dataset.declared.update(side["fields"])
            log: list[tuple[str, str]] = []
            self.merge(dataset, fetched[i].side_rows, True, _where(endpoint), log)
            self._report(log)
        for name in sorted(datasets):
            yield self.item(datasets[name], responses[name])

    def _report(self, log: list[tuple[str, str]]) -> None:
        for message, name in log:
            self.ctx.error(message, field=name)

    def item(self, dataset: Dataset, responses: list[dict[str, Any]]) -> EvidenceItem:
        if self.config.get("period_filter"):
            dropped = dataset.keep_period(self.ctx.period)
            if dropped:
                self.ctx.warn(f"{dataset.name}: {dropped} record(s) outside the assessment period left out")
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{self.ctx.source}-{dataset.name}")
        stem += f"-{self.values['start']}_{self.values['end']}"
        ordered = sorted(responses, key=lambda e: (e["url"], e.get("request", "")))
        trail = json.dumps(ordered, sort_keys=True, indent=1).encode()
        write_atomic(self.out_dir / f"{stem}.responses.json", trail)
        target = self.out_dir / f"{stem}.parquet"
        write_parquet(dataset, target)
        source = self.auth.redact(self.base)
        facts = dataset.facts()
        return EvidenceItem(
            id=evidence_id(self.collector, source, dataset.name),
            kind="dataset",
            title=f"{dataset.name} from {source}",
            provenance=Provenance(
                collector=self.collector,
                source=source,
                sha256=hashlib.sha256(trail).hexdigest(),
                size=sum(int(e.get("size", 0)) for e in responses),
                media_type="application/json",
                collected_at=self.ctx.collected_at,
                period_start=self.values["start"],
                period_end=self.values["end"],
                locator=dataset.name,
            ),
            tags=("api",),
            attributes={
                **facts,
                "responses": len(responses),
                "endpoints": sorted({_where(e) for e in self.config["endpoints"] if e["dataset"] == dataset.name}),
                "response_log": f"{stem}.responses.json",
            },
            payload=Path(target),
        )


def _load_duckdb() -> None:
    import duckdb  # noqa: F401


def _where(endpoint: Mapping[str, Any]) -> str:
    return str(endpoint.get("path") or endpoint["export"]["create"]["path"])


def collect_api(ctx: CollectContext, collector: str, config: Mapping[str, Any]) -> Iterator[EvidenceItem]:
    """Raises CollectionError when the API cannot be read at all; the core then fails this source only."""
    if not config.get("endpoints"):
        raise CollectionError("no endpoints configured")
    yield from _Run(ctx, collector, config).run()
