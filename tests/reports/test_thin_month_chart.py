"""A month of token records plots no figure in a KPI's chart (see datasets/_coverage).

What was observed: the median first reply time of a month holding one ticket was drawn in the sparkline
like the months holding hundreds, so one record's value made the trend.
"""

from __future__ import annotations

from servex.plugins.reports._evidence_view import _kpi


def test_thin_months_are_left_out_of_the_chart_and_its_description() -> None:
    monthly = [{"month": f"2025-{m:02d}", "value": 5.0 + m, "n": 100} for m in range(1, 12)]
    monthly.append({"month": "2025-12", "value": 0.1, "n": 1})
    details = {"kpi": "first_reply_time", "unit": "hours", "target": {"op": "<=", "value": 8}, "monthly": monthly}
    plotted = _kpi({**details, "thin_months": {"2025-12": 1}}, "en")
    assert "December 2025" not in plotted["months"] and "0.1" not in plotted["alt"]
    assert "November 2025" in plotted["months"] and "16\u00a0h" in plotted["alt"]
    assert "December 2025" in _kpi(details, "en")["months"]  # a month that counts is plotted
