"""The generic `http-json` collector: any JSON API described in the manifest becomes canonical datasets.

The vendor connectors are presets of this same engine, so pagination, retries, the evidence cache and
secret handling are written (and tested) once.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from servex import CollectContext, CollectionError, EvidenceItem, Provenance, evidence_id

from ._auth import AUTH_SCHEMA, Auth, load_auth
from ._cache import ResponseCache, write_atomic
from ._client import CLIENT_SCHEMA, HttpClient, RetryPolicy
from ._pagination import PAGINATION_SCHEMA, pages
from ._records import DATE_FIELDS, FIELD_TYPES, Dataset, add_minutes, convert, write_parquet

__all__ = ["CONFIG_SCHEMA", "collect_api"]

_FIELD = {
    "oneOf": [
        {"type": "string", "description": "JMESPath into the record"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["path"],
            "properties": {
                "path": {"type": "string"},
                "map": {"type": "object", "description": "raw value (as text) -> canonical value; others null"},
                "minutes_after": {"type": "string", "description": "value is minutes after this canonical field"},
            },
        },
    ]
}
ENDPOINT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path", "dataset", "fields"],
    "properties": {
        "path": {"type": "string", "description": "relative to base_url"},
        "dataset": {"enum": sorted(DATE_FIELDS)},
        "params": {
            "type": "object",
            "description": "query parameters; {start} {end} {start_unix} {end_unix} "
            "{start_iso} {end_iso} are replaced from the assessment period",
        },
        "records": {"type": "string", "description": "JMESPath to the list of records (default: @)"},
        "id": {"type": "string", "description": "JMESPath of the record id (default: id)"},
        "fields": {"type": "object", "additionalProperties": _FIELD},
        "pagination": PAGINATION_SCHEMA,
        "enrich": {"type": "boolean", "description": "only add fields to records another endpoint found"},
    },
}
CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["base_url", "endpoints"],
    "properties": {
        "base_url": {"type": "string", "pattern": "^https?://"},
        "auth": AUTH_SCHEMA,
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        "endpoints": {"type": "array", "minItems": 1, "items": ENDPOINT_SCHEMA},
        "period_filter": {"type": "boolean", "description": "drop records dated outside the period"},
        **CLIENT_SCHEMA,
    },
}


def _period_values(ctx: CollectContext) -> dict[str, str]:
    start = datetime.combine(ctx.period.start, time.min, tzinfo=UTC)
    end = datetime.combine(ctx.period.end, time.max.replace(microsecond=0), tzinfo=UTC)
    return {
        "start": ctx.period.start.isoformat(),
        "end": ctx.period.end.isoformat(),
        "start_iso": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_iso": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "start_unix": str(int(start.timestamp())),
        "end_unix": str(int(end.timestamp())),
    }


_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


class _Dotted:
    """A plain `a.b.c` path, read without the JMESPath interpreter (same result, several times faster)."""

    def __init__(self, path: str) -> None:
        self.keys = path.split(".")

    def search(self, value: Any) -> Any:
        for key in self.keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value


def _compile(expression: str) -> Any:
    import jmespath

    return _Dotted(expression) if _DOTTED.fullmatch(expression) else jmespath.compile(expression)


class _Fields:
    """An endpoint's JMESPath expressions, compiled once (an API pull maps millions of values)."""

    def __init__(self, endpoint: Mapping[str, Any]) -> None:
        from jmespath.exceptions import JMESPathError

        self.specs = {
            name: spec if isinstance(spec, dict) else {"path": spec} for name, spec in endpoint["fields"].items()
        }
        try:
            self.records = _compile(endpoint.get("records") or "@")
            self.id = _compile(endpoint.get("id") or "id")
            self.paths = {name: _compile(spec["path"]) for name, spec in self.specs.items()}
        except JMESPathError as exc:
            raise CollectionError(f"endpoint {endpoint['path']}: bad JMESPath expression: {exc}") from exc

    def found(self, data: Any) -> list[Any]:
        got = self.records.search(data)
        return got if isinstance(got, list) else []

    def values(self, record: Any) -> dict[str, tuple[Any, str | None]]:
        """Each field's raw value and the canonical field it is 'minutes after' (if any)."""
        out: dict[str, tuple[Any, str | None]] = {}
        for name, spec in self.specs.items():
            raw = self.paths[name].search(record)
            if "map" in spec and raw is not None:
                raw = spec["map"].get(str(raw).lower() if isinstance(raw, bool) else str(raw))
            out[name] = (raw, spec.get("minutes_after"))
        return out


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
        )
        self.values = _period_values(ctx)

    def warn(self, message: str) -> None:
        self.ctx.warn(self.auth.scrub(message))

    def fetch(self, endpoint: Mapping[str, Any]) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
        """All records of one endpoint as (id, raw canonical values), plus the responses they came from."""
        params = {k: str(v).format_map(self.values) for k, v in (endpoint.get("params") or {}).items()}
        url = self.base + "/" + str(endpoint["path"]).lstrip("/")
        fields = _Fields(endpoint)
        out: list[tuple[str, dict[str, Any]]] = []
        responses: list[dict[str, Any]] = []
        spec = endpoint.get("pagination") or {"type": "none"}
        for page in pages(self.client, url, params, spec, lambda data: len(fields.found(data)), self.warn):
            responses.append(dict(page.entry))
            for position, record in enumerate(fields.found(page.data)):
                record_id = fields.id.search(record)
                if record_id is None:
                    self.ctx.error(f"{page.url}: record {position} has no id; skipped", field="id")
                    continue
                out.append((str(record_id), fields.values(record)))
        return out, responses

    def merge(self, dataset: Dataset, rows: list[tuple[str, dict[str, Any]]], enrich: bool, url: str) -> None:
        for record_id, values in rows:
            if enrich and record_id not in dataset.records:
                continue
            clean: dict[str, Any] = {}
            for name, (raw, after) in values.items():
                try:
                    if after:
                        base = clean.get(after, dataset.records.get(record_id, {}).get(after))
                        clean[name] = add_minutes(base, None if raw is None else float(raw))
                    else:
                        clean[name] = convert(raw, FIELD_TYPES.get(name, "text"))
                except (TypeError, ValueError, OverflowError) as exc:
                    self.ctx.error(f"{url}: record {record_id}: {exc}", field=name)
                    clean[name] = None
            dataset.merge(record_id, clean)

    def run(self) -> Iterator[EvidenceItem]:
        endpoints = list(self.config["endpoints"])
        try:
            with ThreadPoolExecutor(max_workers=max(1, min(len(endpoints), self.client.concurrency))) as pool:
                fetched = list(pool.map(self.fetch, endpoints))
        finally:
            self.client.close()
        datasets: dict[str, Dataset] = {}
        responses: dict[str, list[dict[str, Any]]] = {}
        order = sorted(range(len(endpoints)), key=lambda i: bool(endpoints[i].get("enrich")))
        for i in order:
            name = endpoints[i]["dataset"]
            dataset = datasets.setdefault(name, Dataset(name))
            dataset.declared.update(endpoints[i]["fields"])
            self.merge(dataset, fetched[i][0], bool(endpoints[i].get("enrich")), str(endpoints[i]["path"]))
            responses.setdefault(name, []).extend(fetched[i][1])
        for name in sorted(datasets):
            yield self.item(datasets[name], responses[name])

    def item(self, dataset: Dataset, responses: list[dict[str, Any]]) -> EvidenceItem:
        if self.config.get("period_filter"):
            dropped = dataset.keep_period(self.ctx.period)
            if dropped:
                self.ctx.warn(f"{dataset.name}: {dropped} record(s) outside the assessment period left out")
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{self.ctx.source}-{dataset.name}")
        stem += f"-{self.values['start']}_{self.values['end']}"
        trail = json.dumps(sorted(responses, key=lambda e: e["url"]), sort_keys=True, indent=1).encode()
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
                "endpoints": sorted({e["path"] for e in self.config["endpoints"] if e["dataset"] == dataset.name}),
                "response_log": f"{stem}.responses.json",
            },
            payload=Path(target),
        )


def collect_api(ctx: CollectContext, collector: str, config: Mapping[str, Any]) -> Iterator[EvidenceItem]:
    """Raises CollectionError when the API cannot be read at all; the core then fails this source only."""
    if not config.get("endpoints"):
        raise CollectionError("no endpoints configured")
    yield from _Run(ctx, collector, config).run()
