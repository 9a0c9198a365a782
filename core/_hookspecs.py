"""The plugin contract: every hook servex calls.

Each hook returns an iterable of contributions; servex gathers the results of all plugins. Built-in
features use exactly these hooks, registered through the same `servex` entry-point group as third
party plugins. `docs/plugins.md` documents every hook; a test fails when one is missing there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click
    from servex._contributions import Collector, Evaluator, ReportFormat
    from servex._runconfig import RunConfig

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("servex")
hookimpl = pluggy.HookimplMarker("servex")


@hookspec
def servex_criteria_sets() -> Iterable[str | Path]:
    """Paths of criteria-set YAML files (criteria sets and models) this plugin ships.

    Example::

        @hookimpl
        def servex_criteria_sets():
            return [Path(__file__).parent / "my-set.yaml"]
    """


@hookspec
def servex_kpi_definitions() -> Iterable[str | Path | Mapping[str, Any]]:
    """KPI definitions: paths of KPI YAML files, or single definitions as mappings.

    Example::

        @hookimpl
        def servex_kpi_definitions():
            return [{"id": "callback_rate", "name": {"en": "Callback rate", "fr": "Taux de rappel"},
                     "unit": "percent", "direction": "higher_is_better", "dataset": "calls",
                     "formula": {"type": "share", "condition": {"field": "called_back", "is_true": True}},
                     "min_sample": 50}]
    """


@hookspec
def servex_crosswalks() -> Iterable[str | Path]:
    """Paths of crosswalk YAML files: clause numbers of a standard each criterion relates to.

    Example::

        @hookimpl
        def servex_crosswalks():
            return [Path(__file__).parent / "iso-9001.yaml"]
    """


@hookspec
def servex_profiles() -> Iterable[str | Path]:
    """Paths of sector or size profile YAML files: targets and minimum samples, each with its reason.

    Example::

        @hookimpl
        def servex_profiles():
            return [Path(__file__).parent / "water-utility.yaml"]
    """


@hookspec
def servex_collectors() -> Iterable[Collector]:
    """Evidence collectors, each with a unique name, the evidence kinds it yields and a config schema.

    Example::

        @hookimpl
        def servex_collectors():
            return [Collector(name="acme.nps", kinds=("dataset",), collect=collect_nps,
                              config_schema={"type": "object", "required": ["file"]})]
    """


@hookspec
def servex_evaluators() -> Iterable[Evaluator]:
    """Evaluators for evidence-requirement types used in criteria sets (`type:` of a requirement).

    Example::

        @hookimpl
        def servex_evaluators():
            return [Evaluator(type="acme.nps_target", evaluate=judge, consumes=("dataset",))]
    """


@hookspec
def servex_report_formats() -> Iterable[ReportFormat]:
    """Report formats usable as `-o NAME:PATH` by `servex assess` and `servex report`.

    Example::

        @hookimpl
        def servex_report_formats():
            return [ReportFormat(name="csv", suffix=".csv", media_type="text/csv", render=render_csv)]
    """


@hookspec
def servex_cli_commands() -> Iterable[click.Command]:
    """Extra `servex` subcommands (click commands). Import heavy libraries inside the command body.

    Example::

        @hookimpl
        def servex_cli_commands():
            @click.command(name="hello")
            def hello():
                click.echo("hello")
            return [hello]
    """


@hookspec
def servex_configure(config: RunConfig) -> None:
    """Told the run's configuration (read-only) before any evidence is collected or graded.

    Called once per run, after the manifest is validated, one plugin at a time. `config.settings_for(name)`
    is this plugin's block from the manifest's `plugins.settings`. Raise `servex.InvalidInputError` to
    refuse a setting (exit 3); any other exception fails the run with exit 4 naming the plugin.

    Example::

        @hookimpl
        def servex_configure(config):
            global MIN_REVIEWS
            MIN_REVIEWS = int(config.settings_for("acme_reviews").get("min_reviews", 30))
    """
