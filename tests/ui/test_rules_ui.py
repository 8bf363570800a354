"""The rule behind a field in its tooltip, an overridden rule marked, and the tie-out tolerance setting."""

from __future__ import annotations

from planner.registry import get_spec
from ui.input_form import InputForm


def form(qtbot, model: str) -> InputForm:
    f = InputForm(get_spec(model))
    qtbot.addWidget(f)
    return f


def test_a_field_a_rule_governs_shows_the_rule_and_its_citation(qtbot):
    f = form(qtbot, "brs")
    f.set_inputs(get_spec("brs").defaults())
    tip = f.editor("threshold").toolTip()
    assert "Rule brs.min_rv_threshold" in tip and "SI 2009/2542" in tip
    assert "https://www.legislation.gov.uk/uksi/2009/2542/made" in tip and "checked 2026-12-03" in tip
    assert "Overridden" not in tip and not f.editor("threshold").property("rule_overridden")
    hra = form(qtbot, "hra")
    hra.set_inputs(get_spec("hra").defaults())
    cap = hra.editor("debt_cap").toolTip()
    assert "From 2018-10-29: none in force" in cap and "partly verified" in cap


def test_an_overridden_rule_is_marked_on_its_field(qtbot):
    f = form(qtbot, "brs")
    f.set_inputs(dict(get_spec("brs").defaults(), rules={"brs.min_rv_threshold": 40_000.0}))
    assert f.editor("threshold").property("rule_overridden") and f.labels["threshold"].property("rule_overridden")
    assert "Overridden in this scenario: 40000 (not the law in force)" in f.editor("threshold").toolTip()
    assert not f.editor("multiplier_pence").property("rule_overridden")


def test_the_tie_out_tolerance_is_a_setting_the_window_uses(window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    assert window.tolerance == 1.0
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (0.25, True))
    window.actions["tolerance"].trigger()
    assert window.tolerance == 0.25
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (5.0, False))  # cancelled: unchanged
    window.ask_tolerance()
    assert window.tolerance == 0.25
