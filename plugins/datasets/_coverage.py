"""Which months of the period an export covers: a month with a token record does not count.

What was observed: a month holding one record counted as covered like a month holding hundreds, so an
export could pass the coverage minimum (75 % of the period's months by default) with a single record in
each month it did not really cover, and a trend over the last months could rest on one record. The CFPB
sample's register (Aug-Oct 2013) holds 186 records in August, 813 in September and one in October: it
covers two months, not three.

A month counts as covered when it holds at least a tenth of the period's average month. That leaves a
seasonal business's quiet months covered (a 50-to-1 ratio between peak and trough still counts) and any
month of a small organisation with one complaint in an average month, while a month of token records
beside real ones does not count and is named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["THIN_SHARE", "Coverage", "coverage_of", "thin_note"]

#: the share of the period's average month a month must hold to count as covered
THIN_SHARE = 0.1


class Coverage:
    """The months covered, the months too thin to count (with their records), and the share covered."""

    def __init__(self, counts: Mapping[str, int], period_months: Sequence[str]) -> None:
        months = list(period_months)
        total = sum(int(counts.get(m, 0)) for m in months)
        floor = THIN_SHARE * total / len(months) if months else 0.0
        self.average = total / len(months) if months else 0.0
        self.covered = [m for m in months if counts.get(m, 0) > 0 and counts[m] >= floor]
        self.thin = {m: int(counts[m]) for m in months if 0 < counts.get(m, 0) < floor}
        self.share = round(len(self.covered) / len(months), 4) if months else 0.0


def coverage_of(monthly: Sequence[Mapping[str, Any]]) -> Coverage:
    """The coverage of a KPI's monthly series (`{"month", "n"}` for every month of the period)."""
    return Coverage({str(m["month"]): int(m["n"]) for m in monthly}, [str(m["month"]) for m in monthly])


def thin_note(thin: Mapping[str, int], average: float) -> tuple[str, str]:
    """One sentence in English and French naming the months that do not count, or empty ones."""
    if not thin:
        return "", ""
    listed = ", ".join(f"{m} ({n})" for m, n in sorted(thin.items()))
    one = len(thin) == 1
    return (
        f" Not counted as covered, with under a tenth of an average month's {average:.0f} records: {listed}.",
        f" {'Mois non compté' if one else 'Mois non comptés'} comme couverts, avec moins d'un dixième des "
        f"{average:.0f} enregistrements d'un mois moyen : {listed}.",
    )
