"""packaging/bundle_test.py, loaded by its path: a folder named `packaging` would shadow the PyPI package."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("bundle_test", ROOT / "packaging" / "bundle_test.py")
bundle_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_test)
