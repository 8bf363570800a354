"""Offline by construction: the app does a whole piece of work with every network connection made to fail.

Every way Python opens a connection raises at once (and is recorded), so a hidden call home would
either break the work or show up in the record; the packaged build is run with no network at all by
`make bundle-test` (unshare -n), which also covers Qt's own C++ code.
"""

from __future__ import annotations

import socket
import sys

import openpyxl
import pytest

from tests.ui.helpers import BRS, choose


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    tried: list[str] = []

    def refuse(what):
        def refused(*args, **_kwargs):
            tried.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(101, "Network is unreachable (cut off by the test)")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return tried


def test_a_whole_piece_of_work_needs_no_network(qtbot, dialogs, no_network, tmp_path):
    from planner.excel.template import write_template
    from ui.app import start

    _app, window = start(["ffg-planner"])  # the bundled example, as a user first sees it
    try:
        choose(window, BRS)
        window.recalculate()
        window.ensure_charts()
        template = tmp_path / "inputs.xlsx"
        write_template(template, window.project)
        runs = [r.name for r in window.project.runs]
        assert window.files.import_excel(str(template))  # Excel in: the same runs back
        assert [r.name for r in window.project.runs] == runs
        pack = tmp_path / "pack.xlsx"
        assert window.files.export_board_pack(str(pack), open_folder=False)  # Excel out
        assert window.files.save_as(str(tmp_path / "saved.ffg"))
        assert len(openpyxl.load_workbook(pack, read_only=True).sheetnames) > 10
        assert (tmp_path / "saved.ffg").stat().st_size > 0
    finally:
        window.document.set_clean()
        window.close()
    assert no_network == []
    assert "PySide6.QtNetwork" not in sys.modules  # nor does Qt's network module ever load


def test_the_refusal_is_real(no_network):
    """The guard itself works: a connection attempt fails at once and is recorded."""
    with pytest.raises(OSError, match="cut off by the test"):
        socket.create_connection(("127.0.0.1", 9), timeout=5)  # refused before anything is sent
    assert no_network and no_network[0].startswith("create_connection")
