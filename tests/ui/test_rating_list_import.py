"""Import rating list… on the BRS inputs: read in the background, one undo step, and nothing
changed when the read fails or is cancelled."""

from __future__ import annotations

import pytest

from tests.ui.helpers import BRS, WAIT, choose, shoot
from tools.make_rating_list import line, name, write_zip
from ui.rating_list_box import import_rating_list


@pytest.fixture
def listing(tmp_path):
    lines = [line(i, "4605" if i % 2 else "4610", str(10_000 * i)) for i in range(1, 21)]
    return write_zip(tmp_path / name(2023, "0019"), lines)


def _wait(qtbot, worker):
    with qtbot.waitSignal(worker.done, timeout=WAIT):
        pass


def test_import_reads_the_list_into_the_run_as_one_undo_step(window, qtbot, listing):
    choose(window, BRS)
    box = window.inputs.form.data_boxes["rating_list"]
    assert "No rating list" in box.status.text()
    before = window.project
    worker = import_rating_list(window, str(listing), "4605,4610")
    _wait(qtbot, worker)
    run = window.project.run(BRS)
    assert run.inputs["bands"] == [] and run.inputs["rating_list"]["hereditaments"] == 20
    assert "20 hereditaments from uk-englandwales-ndr-2023" in box.status.text()
    assert "2023 list, epoch 0019" in box.status.text()
    # RVs £10,000 … £200,000: above £50,000 are 60,000 … 200,000, 15 of them
    result = window.project.evaluate()[BRS].trial(0)
    assert result.summary["liable_rv"] == sum(10_000 * i for i in range(6, 21))
    assert "collected:Birmingham (4605)" in result.annual.columns
    assert window.isWindowModified()
    shoot(window.inputs.form, "rating-list-imported")
    window.document.undo_stack.undo()
    assert window.project is before


def test_a_bad_file_is_refused_and_nothing_changes(window, qtbot, listing, dialogs):
    choose(window, BRS)
    before = window.project
    worker = import_rating_list(window, str(listing), "4635")
    _wait(qtbot, worker)
    assert window.project is before
    assert any("4635 (Wolverhampton) is not in the file" in t for t in dialogs.texts("problems"))


def test_cancel_stops_the_read_and_nothing_changes(window, qtbot, listing):
    choose(window, BRS)
    before = window.project
    worker = import_rating_list(window, str(listing), "4605")
    worker.cancel()  # as the progress dialog's Cancel button does
    _wait(qtbot, worker)
    assert window.project is before


def test_use_bands_instead_leaves_the_list_counted_into_bands(window, qtbot, listing):
    choose(window, BRS)
    box = window.inputs.form.data_boxes["rating_list"]
    assert not box.drop.isEnabled()
    _wait(qtbot, import_rating_list(window, str(listing), "4605,4610"))
    assert box.drop.isEnabled()
    box.drop.click()
    run = window.project.run(BRS)
    assert run.inputs["rating_list"] is None and not box.drop.isEnabled()
    bands = run.inputs["bands"]
    assert sum(b["hereditaments"] for b in bands) == 20 and sum(b["rateable_value"] for b in bands) == 2_100_000
    # £50,000 is a band edge: the bands give the list's exact liable RV
    assert window.project.evaluate()[BRS].trial(0).summary["liable_rv"] == sum(10_000 * i for i in range(6, 21))
    assert "Counted from the rating list" in window.project.assumptions[BRS]["bands"].source
