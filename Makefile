# Funding for Growth Planner. `make run` starts it on the bundled example; `make test` proves it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# What Qt needs to draw offscreen or on X, and what the board-pack tests need to recalculate
# and render a workbook (LibreOffice, pdftoppm).
QT_LIBS := libgl1 libegl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
X_LIBS := xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
	libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0 fonts-dejavu-core
TEST_TOOLS := libreoffice-calc-nogui poppler-utils fonts-dejavu-core
EXAMPLE := examples/funding-for-growth-programme.ffg

.PHONY: setup run test bench lint screenshots package docs clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { tools/ensure-system-packages.sh python3-venv python3.11-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)
	@tools/ensure-system-packages.sh $(QT_LIBS)

run: setup
	@tools/ensure-system-packages.sh $(X_LIBS)
	$(VENV)/bin/ffg-planner $(EXAMPLE)

lint: setup
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: setup
	@tools/ensure-system-packages.sh $(TEST_TOOLS)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q -p no:cacheprovider -n 2

bench: setup
	$(PY) -m benchmarks

screenshots: setup
	@tools/ensure-system-packages.sh $(X_LIBS)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tools/screenshots.py

docs: setup
	$(PY) -m planner.docgen

package: setup
	$(PY) -m pip install --quiet pyinstaller
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec
	dist/FundingForGrowthPlanner/FundingForGrowthPlanner --version

clean:
	rm -rf $(VENV) build dist *.egg-info
