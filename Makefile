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

# The bundle is built in its own venv from the hash-pinned lock files, so what ships is what the
# lock says (packaging/README.md); `make lock` refreshes them. See docs/building-windows.md.
BUNDLE_VENV := .venv-bundle
BUNDLE_STAMP := $(BUNDLE_VENV)/.installed
BUNDLE := dist/FundingForGrowthPlanner
LOCKS := packaging/requirements-bundle.txt packaging/requirements-build.txt
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: setup run test bench lint screenshots package docs clean bundle bundle-test installer lock

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
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider -n 2

bench: setup
	$(PY) -m benchmarks

screenshots: setup
	@tools/ensure-system-packages.sh $(X_LIBS)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tools/screenshots.py

docs: setup
	$(PY) -m planner.docgen

package: bundle

lock: setup
	$(PY) -m pip install --quiet pip-tools
	$(PIP_COMPILE) --upgrade -o packaging/requirements-bundle.txt pyproject.toml
	$(PIP_COMPILE) --upgrade -o packaging/requirements-build.txt packaging/build-tools.in

$(BUNDLE_STAMP): $(LOCKS)
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	rm -rf $(BUNDLE_VENV)
	$(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps $(addprefix -r ,$(LOCKS))
	@touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	@tools/ensure-system-packages.sh $(QT_LIBS)
	$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
	$(BUNDLE)/planner --version --verbose

bundle-test: setup
	@test -x $(BUNDLE)/planner || { echo "no bundle in $(BUNDLE): run make bundle first"; exit 1; }
	$(PY) packaging/bundle_test.py $(BUNDLE)

installer: setup
	@test -x $(BUNDLE)/planner || { echo "no bundle in $(BUNDLE): run make bundle first"; exit 1; }
	@tools/ensure-system-packages.sh nsis wixl msitools osslsigncode
	packaging/build-installers.sh $(BUNDLE) dist

clean:
	rm -rf $(VENV) $(BUNDLE_VENV) build dist *.egg-info
