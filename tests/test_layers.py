"""The core runs with Qt absent: models and planner import nothing from the UI stack."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLES, ROOT

BLOCK_QT = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):
            raise ImportError('Qt is not installed here: ' + name)
sys.meta_path.insert(0, Block())
import pkgutil, importlib
import models, planner
for pkg in (models, planner):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):
        if not info.name.endswith('__main__'):
            importlib.import_module(info.name)
from planner.cli.main import main
sys.exit(main(['run', sys.argv[1]]))
"""


def test_models_and_planner_run_without_qt():
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_QT, str(EXAMPLES / "west-midlands-housing-first-2018.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "£9,600,000" in proc.stdout
