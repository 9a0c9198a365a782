"""servex: grade customer service evidence against the Service Excellence Pyramid.

This module is the whole public surface for plugin authors; everything under `servex._*` is private
and may change without notice. A plugin registers contributions with :data:`hookimpl` on the hooks
documented in `docs/plugins.md`, and receives only the context objects listed here.
"""

from servex.__about__ import __version__
from servex._context import CollectContext, EvaluationContext, LogEntry, Period, RenderOptions
from servex._contributions import OUTCOME_STATES, Collector, Evaluator, ReportFormat, RequirementOutcome
from servex._criteria.model import CriteriaSet, Criterion, Question, Requirement
from servex._errors import (
    CollectionError,
    InvalidInputError,
    PluginError,
    Problem,
    ReportError,
    ServexError,
)
from servex._evidence import EvidenceItem, Provenance, evidence_id, sha256_bytes, sha256_file
from servex._exitcodes import ExitCode
from servex._hookspecs import hookimpl
from servex._plugins import PLUGIN_API_VERSION
from servex._result import dumps as dumps_result
from servex._text import as_text, pick

__all__ = [
    "OUTCOME_STATES",
    "PLUGIN_API_VERSION",
    "CollectContext",
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
    "Period",
    "PluginError",
    "Problem",
    "Provenance",
    "RenderOptions",
    "ReportError",
    "ReportFormat",
    "Question",
    "Requirement",
    "RequirementOutcome",
    "ServexError",
    "__version__",
    "as_text",
    "dumps_result",
    "evidence_id",
    "hookimpl",
    "pick",
    "sha256_bytes",
    "sha256_file",
]
