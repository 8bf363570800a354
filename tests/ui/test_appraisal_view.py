"""The Appraisal view: the additionality waterfall and the headline figures of a land value run."""

from __future__ import annotations

import pytest

from models.land_value.model import SPEC
from planner.analysis.appraisal import has_appraisal, waterfall
from tests.models.test_land_value import raw, site

CHAIN = dict(lvu_deadweight=0.2, lvu_leakage=0.1, lvu_displacement=0.25, lvu_multiplier=1.2)


def land_value_result(**changes):
    return SPEC.run(raw(sites=[site()], public_costs=[{"year": 2020, "amount": 1e6}], **CHAIN, **changes)).trial(0)


def test_waterfall_steps_reach_the_net_additional_uplift():
    r = land_value_result()
    bars = waterfall(r)
    gross = sum(1e6 / 1.035**t for t in (1, 2, 3, 4))
    assert bars[0].label == "Gross land value uplift" and bars[0].end == pytest.approx(gross)
    assert bars[-2].end == pytest.approx(bars[-1].end)  # the last step ends at the net
    assert bars[-1].end == pytest.approx(gross * 0.8 * 0.9 * 0.75 * 1.2)
    assert bars[1].end - bars[1].start == pytest.approx(-0.2 * gross)


def test_view_shows_for_a_land_value_run_and_hides_otherwise(qtbot):
    from ui.appraisal_view import AppraisalView

    view = AppraisalView()
    qtbot.addWidget(view)
    r = land_value_result()
    view.show_result(r, SPEC)
    assert has_appraisal(r) and not view.isHidden()
    assert "Net present social value (real, Green Book)" in view.figures.text()
    assert "Benefit-cost ratio" in view.figures.text()
    assert len(view.bars) == 7
    view.show_result(None, None)
    assert view.isHidden() and view.bars == []
