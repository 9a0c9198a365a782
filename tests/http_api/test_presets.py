"""The vendor presets are data: each must be well-formed, its example must be a valid source config,
and what it expands to must be a valid `http-json` config mapping only canonical fields."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from servex import CollectionError
from servex.plugins.datasets._fields import FIELDS
from servex.plugins.http_api import servex_collectors
from servex.plugins.http_api._fields import Fields
from servex.plugins.http_api._presets import Preset, expand, load_presets
from servex.plugins.http_api._schema import CONFIG_SCHEMA

PRESETS = {p.name: p for p in load_presets()}
_KEYS = {"name", "title", "inputs", "required", "url_inputs", "base_url", "config", "example"}
_EXTRA = {"survey": {"reply", "replied_at"}}  # reviews: the public reply, not yet canonical fields


def test_every_shipped_preset_is_a_collector() -> None:
    folder = Path(__file__).parents[2] / "plugins" / "http_api" / "presets"
    assert sorted(PRESETS) == sorted(p.stem for p in folder.glob("*.yaml"))
    names = [c.name for c in servex_collectors()]
    assert len(names) == len(set(names)) and set(PRESETS) <= set(names)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_example_expands_to_a_valid_config_of_canonical_fields(name: str) -> None:
    preset = PRESETS[name]
    assert set(preset.spec) <= _KEYS and preset.title
    jsonschema.Draft202012Validator.check_schema(preset.config_schema())
    example = preset.spec["example"]
    jsonschema.validate(example, preset.config_schema())
    config = expand(preset, example)
    jsonschema.validate(config, CONFIG_SCHEMA)
    assert "${" not in repr(config)
    for endpoint in config["endpoints"]:
        dataset = endpoint["dataset"]
        Fields(endpoint, endpoint.get("path", "export"))  # every JMESPath compiles
        unknown = set(endpoint["fields"]) - set(FIELDS[dataset]) - _EXTRA.get(dataset, set())
        assert not unknown, f"{name}: not canonical {dataset} fields: {unknown}"
        for side in endpoint.get("sideloads") or []:
            assert not set(side["fields"]) - set(FIELDS[dataset])


def test_a_missing_input_is_named() -> None:
    preset = PRESETS["servicenow"]
    with pytest.raises(CollectionError, match="servicenow: the preset needs 'username'"):
        expand(preset, {"instance": "acme", "password_env": "X"})


def test_optional_inputs_drop_their_fields_and_the_manifest_auth_wins() -> None:
    preset = Preset(
        {
            "name": "demo",
            "title": "demo",
            "inputs": {"question": {"type": "string"}, "key_env": {"type": "string"}},
            "base_url": "https://api.example",
            "config": {
                "auth": {"type": "bearer", "token_env": "${key_env}"},
                "endpoints": [
                    {
                        "path": "/r",
                        "dataset": "survey",
                        "params": {"q": "${question}", "fixed": "1"},
                        "fields": {"responded_at": "at", "recommend_score": "values.${question}"},
                    }
                ],
            },
        }
    )
    config = expand(preset, {"auth": {"type": "none"}})
    [endpoint] = config["endpoints"]
    assert endpoint["fields"] == {"responded_at": "at"} and endpoint["params"] == {"fixed": "1"}
    assert config["auth"] == {"type": "none"} and config["base_url"] == "https://api.example"
