"""servex: grade customer service evidence against the Service Excellence Pyramid.

This module is the whole public surface for plugin authors; everything under `servex._*` is private
and may change without notice. A plugin registers contributions with :data:`hookimpl` on the hooks
documented in `docs/plugins.md`, and receives only the context objects listed here.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from servex.__about__ import __version__

if TYPE_CHECKING:
    from servex._changes import compare_results
    from servex._context import CollectContext, EvaluationContext, LogEntry, Period, RenderOptions
    from servex._contributions import OUTCOME_STATES, Collector, Evaluator, ReportFormat, RequirementOutcome
    from servex._criteria.access import criteria_set_ids, load_criteria_set
    from servex._criteria.model import CriteriaSet, Criterion, Question, Requirement
    from servex._errors import (
        CollectionError,
        InvalidInputError,
        OutputError,
        PluginError,
        Problem,
        ReportError,
        ServexError,
    )
    from servex._evidence import EvidenceItem, Provenance, evidence_id, sha256_bytes, sha256_file
    from servex._exitcodes import ExitCode
    from servex._gather import CollectedEvidence, collect_evidence
    from servex._hookspecs import hookimpl
    from servex._limits import input_limit, read_input
    from servex._plugins import PLUGIN_API_VERSION
    from servex._result import dumps as dumps_result
    from servex._result import write_atomic
    from servex._result_file import read_result
    from servex._text import as_text, locator_label, pick, unit_symbol
    from servex._yamldoc import YamlDoc, load_yaml, parse_yaml

__all__ = [
    "OUTCOME_STATES",
    "PLUGIN_API_VERSION",
    "CollectContext",
    "CollectedEvidence",
    "CollectionError",
    "Collector",
    "CriteriaSet",
    "Criterion",
    "EvaluationContext",
    "Evaluator",
    "EvidenceItem",
    "ExitCode",
    "InvalidInputError",
    "LogEntry",
    "OutputError",
    "Period",
    "PluginError",
    "Problem",
    "Provenance",
    "Question",
    "RenderOptions",
    "ReportError",
    "ReportFormat",
    "Requirement",
    "RequirementOutcome",
    "RunConfig",
    "ServexError",
    "YamlDoc",
    "__version__",
    "as_text",
    "collect_evidence",
    "compare_results",
    "criteria_set_ids",
    "dumps_result",
    "evidence_id",
    "hookimpl",
    "input_limit",
    "load_criteria_set",
    "load_yaml",
    "locator_label",
    "parse_yaml",
    "pick",
    "read_input",
    "read_result",
    "sha256_bytes",
    "sha256_file",
    "unit_symbol",
    "write_atomic",
]


# Names load on first use (PEP 562) so `servex --help` does not pay for the whole engine.
_WHERE = {
    "CollectContext": "_context",
    "EvaluationContext": "_context",
    "LogEntry": "_context",
    "Period": "_context",
    "RenderOptions": "_context",
    "OUTCOME_STATES": "_contributions",
    "Collector": "_contributions",
    "Evaluator": "_contributions",
    "ReportFormat": "_contributions",
    "RequirementOutcome": "_contributions",
    "criteria_set_ids": "_criteria.access",
    "load_criteria_set": "_criteria.access",
    "CriteriaSet": "_criteria.model",
    "Criterion": "_criteria.model",
    "Question": "_criteria.model",
    "Requirement": "_criteria.model",
    "CollectionError": "_errors",
    "InvalidInputError": "_errors",
    "OutputError": "_errors",
    "PluginError": "_errors",
    "Problem": "_errors",
    "ReportError": "_errors",
    "ServexError": "_errors",
    "EvidenceItem": "_evidence",
    "Provenance": "_evidence",
    "evidence_id": "_evidence",
    "sha256_bytes": "_evidence",
    "sha256_file": "_evidence",
    "ExitCode": "_exitcodes",
    "CollectedEvidence": "_gather",
    "collect_evidence": "_gather",
    "hookimpl": "_hookspecs",
    "PLUGIN_API_VERSION": "_plugins",
    "RunConfig": "_runconfig",
    "as_text": "_text",
    "pick": "_text",
    "write_atomic": "_result",
    "compare_results": "_changes",
    "read_result": "_result_file",
    "locator_label": "_text",
    "unit_symbol": "_text",
    "input_limit": "_limits",
    "read_input": "_limits",
    "YamlDoc": "_yamldoc",
    "parse_yaml": "_yamldoc",
    "load_yaml": "_yamldoc",
}
_RENAMED = {"dumps_result": ("_result", "dumps")}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(f"servex.{_WHERE[name]}"), name)
    elif name in _RENAMED:
        module, attr = _RENAMED[name]
        value = getattr(import_module(f"servex.{module}"), attr)
    else:
        raise AttributeError(f"module 'servex' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
