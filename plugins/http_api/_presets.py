"""Vendor connectors as data: each `presets/<name>.yaml` is an `http-json` configuration with `${input}`
slots, plus the schema of the inputs a manifest gives (instance, survey id, names of the variables
holding secrets). A new vendor is a new YAML file, reviewed like criteria, not new code.

A preset file:

    name: intercom                         # the collector's name in manifests
    title: Intercom conversations ...      # one line for `servex plugins`
    inputs: {token_env: {type: string}, ...}   # JSON-schema properties
    required: [token_env]
    base_url: https://api.intercom.io      # may use ${inputs}; a manifest may give base_url instead
    config: {auth: ..., endpoints: [...]}  # http-json keys; strings may use ${inputs} and ${base_url}

An endpoint with `when: <input>` is read only when that input is true. A field mapping or query
parameter naming an input the manifest did not give (an optional survey question, say) is left out;
anywhere else a missing input is an error. A manifest may also replace
the preset's `auth` (e.g. OAuth2 instead of an API key) and set any client key (`rate_limit`, …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from servex import CollectContext, CollectionError, EvidenceItem

__all__ = ["Preset", "expand", "load_presets"]

_SLOT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Missing(Exception):
    """A `${name}` slot whose input was not given."""


class Preset:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.name = str(spec["name"])
        self.title = str(spec["title"])
        self.spec = spec
        inputs = dict(spec.get("inputs") or {})
        self.defaults = {k: v["default"] for k, v in inputs.items() if isinstance(v, dict) and "default" in v}

    def config_schema(self) -> dict[str, Any]:
        """The manifest's `config` for this preset: its inputs, a base URL, auth and the client's settings
        (built on first use: registering the collectors must not import the HTTP client)."""
        from ._auth import AUTH_SCHEMA
        from ._client import CLIENT_SCHEMA

        spec = self.spec
        properties = {
            **dict(spec.get("inputs") or {}),
            "base_url": {"type": "string", "pattern": "^https?://", "description": "instead of the vendor's URL"},
            "auth": AUTH_SCHEMA,
            **CLIENT_SCHEMA,
        }
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "required": list(spec.get("required") or []),
            "properties": properties,
        }
        if spec.get("url_inputs"):  # the vendor URL needs these, unless base_url is given
            schema["anyOf"] = [{"required": list(spec["url_inputs"])}, {"required": ["base_url"]}]
        return schema

    def collect(self, ctx: CollectContext) -> Iterator[EvidenceItem]:
        from ._generic import collect_api

        return collect_api(ctx, self.name, expand(self, ctx.config))


def _fill(value: Any, inputs: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        whole = _SLOT.fullmatch(value)
        if whole:
            if whole.group(1) not in inputs:
                raise _Missing(whole.group(1))
            return inputs[whole.group(1)]

        def one(match: re.Match[str]) -> str:
            if match.group(1) not in inputs:
                raise _Missing(match.group(1))
            return str(inputs[match.group(1)])

        return _SLOT.sub(one, value)
    if isinstance(value, list):
        return [_fill(v, inputs) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, inputs) for k, v in value.items()}
    return value


def _optional(entries: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Fields and parameters naming an input the manifest did not give (an optional survey question, a
    service desk filter) are left out."""
    out = {}
    for name, value in entries.items():
        try:
            out[name] = _fill(value, inputs)
        except _Missing:
            continue
    return out


def expand(preset: Preset, config: Mapping[str, Any]) -> dict[str, Any]:
    """The `http-json` configuration for this manifest's inputs."""
    from ._client import CLIENT_SCHEMA

    inputs = {**preset.defaults, **{k: v for k, v in config.items() if k not in CLIENT_SCHEMA}}
    for name, value in list(inputs.items()):  # a default may be built from other inputs (a login host)
        if name not in config and isinstance(value, str) and "${" in value:
            try:
                inputs[name] = _fill(value, inputs)
            except _Missing:
                del inputs[name]
    try:
        base = str(config.get("base_url") or _fill(preset.spec["base_url"], inputs)).rstrip("/")
        inputs["base_url"] = base
        body = dict(preset.spec["config"])
        if config.get("auth"):  # the manifest's own auth replaces the preset's (and its inputs)
            body["auth"] = dict(config["auth"])
        endpoints = []
        for endpoint in body.pop("endpoints"):
            if endpoint.get("when") and not inputs.get(endpoint["when"]):
                continue
            endpoint = {k: v for k, v in endpoint.items() if k != "when"}
            for key in ("fields", "params"):
                if key in endpoint:
                    endpoint[key] = _optional(endpoint[key], inputs)
            endpoints.append(_fill(endpoint, inputs))
        out = _fill(body, inputs)
    except _Missing as exc:
        raise CollectionError(f"{preset.name}: the preset needs '{exc.args[0]}' in the source's config") from exc
    return {
        "period_filter": True,
        **out,
        **{k: v for k, v in config.items() if k in CLIENT_SCHEMA},
        "base_url": base,
        "endpoints": endpoints,
    }


@cache
def load_presets() -> tuple[Preset, ...]:
    """Every preset shipped in the package, by name (from the user cache after the first run: registering
    the collectors is part of every command's start-up)."""
    from pathlib import Path

    from servex import load_yaml

    folder = Path(str(resources.files("servex.plugins.http_api") / "presets"))
    return tuple(Preset(load_yaml(path, trusted=True).data) for path in sorted(folder.glob("*.yaml")))
