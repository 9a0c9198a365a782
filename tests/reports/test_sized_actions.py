"""Actions worded for the organisation's size: a 12-person shop is not told to forecast demand by
half-hour; the size comes from the manifest (`staff`, or a head count in `size`) and the report says
which size it used. The variants are catalogue entries kept in step in en, fr and de."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po
from servex import RenderOptions
from servex.plugins.reports import servex_report_formats
from servex.plugins.reports._i18n import lang
from servex.plugins.reports._plan import plan_rows
from servex.plugins.reports._sizing import band, staff_count

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "plugins" / "reports" / "locale"
HALF_HOUR = "PYR-L1-04"
FORMATS = {f.name: f for f in servex_report_formats()}


def _variants(code: str) -> dict[tuple[str, str], str]:
    with (LOCALE / code / "LC_MESSAGES" / "actions.po").open("rb") as handle:
        return {(m.context, m.id): m.string for m in read_po(handle, locale=code) if m.id and not m.fuzzy}


@pytest.mark.parametrize(
    ("organisation", "count", "size"),
    [
        ({"size": "12 staff"}, 12, "small"),
        ({"size": "1,200 employees, 380 in customer care"}, 1200, "large"),
        ({"size": "9 hotels, 1,150 colleagues"}, 1150, "large"),
        ({"size": "310 agents, dont 46 à la relation abonnés ; 138 000 abonnés dans 52 communes"}, 310, "large"),
        ({"size": "eine Filiale, 45 Mitarbeitende"}, 45, "small"),
        ({"size": "120 people"}, 120, "medium"),
        ({"size": "1,200 employees", "staff": 12}, 12, "small"),  # the explicit head count wins
        ({"size": "a family business"}, None, None),
        ({}, None, None),
    ],
)
def test_head_count_from_the_manifest(organisation: dict[str, Any], count: int | None, size: str | None) -> None:
    assert staff_count(organisation) == count and band(count) == size


def _small(result: dict[str, Any], staff: int = 12) -> dict[str, Any]:
    shop = copy.deepcopy(result)
    shop["organisation"] = {"name": "Corner Phone Shop", "staff": staff}
    return shop


@pytest.mark.parametrize("code", ["en", "fr", "de"])
def test_a_small_shop_gets_actions_in_its_scale(telecom: dict[str, Any], code: str) -> None:
    variants = _variants(code)
    english = {f["criterion_id"]: (f["recommendation"] or {}).get("en", "") for f in telecom["findings"]}
    big = {r["id"]: r["action"] for r in plan_rows(telecom, lang(code))}
    small = {r["id"]: r["action"] for r in plan_rows(_small(telecom), lang(code))}
    scaled = [cid for cid in small if ("small", english[cid]) in variants]
    assert HALF_HOUR in scaled and len(scaled) >= 8
    for cid in scaled:
        assert small[cid] == variants[("small", english[cid])] != big[cid], cid
    for cid in set(small) - set(scaled):
        assert small[cid] == big[cid], cid  # no variant: the set's own words
    assert "half-hour" in big[HALF_HOUR] if code == "en" else True
    html = FORMATS["html"].render(_small(telecom), RenderOptions(lang=code)).decode()
    assert variants[("small", english[HALF_HOUR])].replace("'", "&#39;") in html
    if code == "en":
        assert "half-hour" not in html.lower()  # neither in the plan nor in the finding's recommendation
        assert "Proposed actions are worded for a small organisation (12 staff)." in html
        sized = FORMATS["md"].render(telecom, RenderOptions(lang="en")).decode()
        assert "worded for a large organisation (1,200 staff)." in sized and "half-hour" in sized


def test_an_unknown_size_is_said(telecom: dict[str, Any]) -> None:
    unknown = copy.deepcopy(telecom)
    unknown["organisation"] = {"name": "Somewhere"}
    html = FORMATS["html"].render(unknown, RenderOptions(lang="de")).decode()
    assert "Die Beschäftigtenzahl der Organisation ist nicht bekannt" in html


def _recommendations() -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            text = node.get("recommendation")
            if isinstance(text, dict) and text.get("en"):
                found.add(text["en"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (REPO / "criteria").glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def test_the_variant_catalogues_agree_and_follow_the_criteria() -> None:
    with (LOCALE / "actions.pot").open("rb") as handle:
        template = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert template and {context for context, _ in template} <= {"small", "medium", "large"}
    for code in ("en", "fr", "de"):
        variants = _variants(code)
        assert set(variants) == template, code
        assert all(text.strip() for text in variants.values()), code
    stale = {msgid for _, msgid in template} - _recommendations()
    assert not stale, f"variants of recommendations no shipped set has (reword them with the set): {stale}"
