# Funding for Growth Planner. `make run` starts it on the bundled example; `make test` proves it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
QT_LIBS := libgl1 libegl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
EXAMPLE := examples/funding-for-growth-programme.json

.PHONY: setup system run test bench lint clean

setup: $(STAMP) system

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { tools/ensure-system-packages.sh python3-venv python3.11-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system:
	@tools/ensure-system-packages.sh $(QT_LIBS)

run: setup
	$(VENV)/bin/planner run $(EXAMPLE)

lint: setup
	$(VENV)/bin/lint-imports

test: setup
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -p no:cacheprovider -n 2

bench: setup
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info
