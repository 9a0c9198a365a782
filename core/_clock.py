"""The one clock of a run.

Every timestamp servex writes comes from here, so that `SOURCE_DATE_EPOCH` makes two runs on the same
inputs byte-identical (reproducible-builds convention).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

__all__ = ["isoformat", "now"]


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def isoformat(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
