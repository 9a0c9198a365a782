"""Observations 3 and 4 of issue 15: name clashes fail loudly; a missing required plugin is named."""

from __future__ import annotations

import json
from pathlib import Path

from servex import ExitCode


def _reviews_org(org: Path, extra: str = "") -> Path:
    manifest = org / "servex.yaml"
    text = manifest.read_text().replace("criteria: mini-set.yaml", "criteria: acme-reviews")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("  - {criterion: MINI"))
    manifest.write_text(text.replace("observations:", "") + "\n" + extra)
    return org


def test_two_plugins_with_one_collector_type_and_set_exit_4_naming_both(servex, mini_org: Path) -> None:
    org = _reviews_org(mini_org)
    run = servex("-p", "clash_a", "-p", "clash_b", "assess", org, "-o", "json:-")
    assert run.code == ExitCode.PLUGIN_ERROR, run.err
    assert run.out == ""
    assert "Traceback" not in run.err
    for what in ("collector 'reviews'", "evaluator 'reviews.answered'"):
        line = next(line for line in run.err.splitlines() if what in line)
        assert "plugin clash_a (distribution (in-process))" in line and "plugin clash_b" in line


def test_clashing_plugins_sets_do_not_load(servex) -> None:
    run = servex("-p", "clash_a", "-p", "clash_b", "plugins", "--format", "json")
    assert run.code == 0, run.err
    listing = run.json()
    failed = {f["name"]: f["error"] for f in listing["data"]["failed"]}
    assert "provided by both plugin clash_a" in failed["clash_a"]
    assert "provided by both plugin clash_a" in failed["clash_b"]
    sets = servex("-p", "clash_a", "-p", "clash_b", "criteria", "list", "--format", "json")
    assert "acme-reviews" not in sets.out


def test_a_declared_override_wins_without_a_clash(servex, mini_org: Path) -> None:
    org = _reviews_org(mini_org)
    run = servex("-p", "clash_a", "-p", "clash_c", "assess", org, "-o", "json:-", "--fail-on", "never")
    assert run.code == ExitCode.OK, run.err
    finding = next(f for f in json.loads(run.out)["findings"] if f["criterion_id"] == "REV-L2-01")
    assert "judged by the partial plugin" in json.dumps(finding)  # clash_c's evaluator graded it
    assert finding["status"] == "not_met"


def test_missing_required_plugin_that_provides_the_set_exits_4(servex, mini_org: Path) -> None:
    org = _reviews_org(mini_org, "plugins: {required: [acme_reviews]}\n")
    run = servex("assess", org)
    assert run.code == ExitCode.PLUGIN_ERROR, run.err
    assert "acme_reviews" in run.err and "unknown criteria set" not in run.err


def test_a_hook_name_typo_is_an_error_with_a_suggestion(servex, mini_org: Path) -> None:
    run = servex("-p", "typo_hook", "plugins", "--format", "json")
    failure = next(f for f in run.json()["data"]["failed"] if f["name"] == "typo_hook")
    assert "servex_collector is not a servex hook; did you mean 'servex_collectors'?" in failure["error"]
    strict = servex("--strict-plugins", "-p", "typo_hook", "assess", mini_org)
    assert strict.code == ExitCode.PLUGIN_ERROR
    assert "did you mean 'servex_collectors'" in strict.err and "Traceback" not in strict.err


def test_plugins_lists_who_overrides_whom(servex) -> None:
    listing = servex("-p", "clash_a", "-p", "clash_c", "plugins", "--format", "json").json()
    plugins = {p["name"]: p for p in listing["data"]["plugins"]}
    assert plugins["clash_c"]["overrides"] == ["clash_a"] and plugins["clash_a"]["overrides"] == []
    text = servex("-p", "clash_a", "-p", "clash_c", "plugins").out
    block = text.split("clash_c", 1)[1]
    assert "    overrides: clash_a (wins where both contribute one name)" in block.splitlines()
