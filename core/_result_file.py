"""Reading a result JSON written earlier (`servex report`, `servex diff`, `assess --baseline`).

One place decides what counts as a servex result, so every command refuses a wrong file with the same
one line (file, line and column when the JSON itself is broken; exit 3), never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from servex._errors import InvalidInputError, Problem
from servex._result import RESULT_FORMAT_VERSION

__all__ = ["COMPARED", "read_result"]

#: what comparing two results reads (diff, --baseline, --history); rendering one needs less
COMPARED = ("criteria_set", "findings", "levels", "evidence", "period", "plugins", "tool", "id", "generated_at")


def read_result(path: Path, *, needed: tuple[str, ...] = ()) -> dict[str, Any]:
    """The result in `path`; InvalidInputError when it is not a servex result of the current format or
    lacks one of the `needed` keys (`COMPARED` for a comparison)."""
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        raise InvalidInputError([Problem(str(path), line, col, f"not a result JSON: {exc}")]) from None
    except RecursionError:  # a crafted file nested thousands deep: an input error, not a crash
        raise InvalidInputError([Problem(str(path), None, None, "not a result JSON: nested too deeply")]) from None
    except OSError as exc:
        raise InvalidInputError([Problem(str(path), None, None, f"cannot read: {exc.strerror or exc}")]) from None
    if not isinstance(result, dict) or result.get("format_version") != RESULT_FORMAT_VERSION:
        found = result.get("format_version") if isinstance(result, dict) else None
        why = "it has no format_version" if found is None else f"its format_version is {found!r}"
        raise InvalidInputError(
            [Problem(str(path), None, None, f"not a servex result of format {RESULT_FORMAT_VERSION}: {why}")]
        )
    missing = [key for key in needed if key not in result]
    if missing:
        raise InvalidInputError([Problem(str(path), None, None, f"not a complete servex result: no {missing[0]!r}")])
    return result
