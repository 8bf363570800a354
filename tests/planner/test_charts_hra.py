"""The HRA's debt chart shows the capital financing requirement beside the loans when balances are lent."""

from __future__ import annotations

import pytest

from planner.charts.mechanisms import hra
from tests.models.test_hra import one
from tests.models.test_hra_internal import M, lending


def _debt_chart(raw: dict):
    return next(c for c in hra(one(raw), raw) if c.title == "Debt against the cap")


def test_the_cfr_is_drawn_only_when_balances_are_lent():
    assert [s.name for s in _debt_chart(lending()).series] == ["Debt at end of year"]
    lent = _debt_chart(lending(internal_borrowing=True))
    assert [s.name for s in lent.series] == ["Debt at end of year", "Capital financing requirement"]
    assert list(lent.series[1].values) == pytest.approx([14.8 * M] * 3)
