"""The exit-code scheme of every servex command.

Kept apart from the CLI so that plugins and the test helpers can name codes without importing click.
"Gaps found" (1) is deliberately distinct from "the tool could not do its job" (2-5, 70), so that CI
can gate on findings without mistaking a broken configuration for a clean run.
"""

from __future__ import annotations

import enum

__all__ = ["ExitCode"]


class ExitCode(enum.IntEnum):
    OK = 0  #: assessed, and no gap at or above --fail-on
    GAPS_FOUND = 1  #: assessed, gaps at or above --fail-on
    USAGE_ERROR = 2  #: bad command line
    INVALID_INPUT = 3  #: invalid criteria set, manifest or configuration
    PLUGIN_ERROR = 4  #: a plugin is missing, broken or incompatible
    COLLECTOR_FAILED = 5  #: a required collector failed; the result was still written
    INTERNAL_ERROR = 70  #: a bug in servex
