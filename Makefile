# The two commands (see README.md):
#   make        the main job: set up .venv from the lock if needed, re-execute the
#               notebooks that are out of date, write figures/ and data/processed/,
#               the figure index, the README's findings and the HTML site (site/)
#   make test   set up .venv if needed, run the unit tests and re-execute every notebook
#               under nbval, then fail if re-execution changed a notebook, figure or table
# Other targets: make bench, make lock, make clean.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
BUILD  := .build

.PHONY: all notebooks test bench lock clean
.DEFAULT_GOAL := all

all: notebooks

$(READY): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0) if v >= (3, 11) else sys.exit("Python 3.11 or newer is needed; $(PYTHON) is %d.%d. Run: make PYTHON=python3.12" % v[:2])'
	@echo "First run: creating .venv and installing the pinned packages of requirements.lock"
	@echo "(about 200 MB; a minute or two on a fast connection). Later runs skip this step."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(READY)

notebooks: $(READY)
	@$(BIN)/python -m helpers.run
	@$(BIN)/python -m helpers.site

test: $(READY)
	@$(BIN)/python -m helpers.run snapshot $(BUILD)/before-test.json
	$(BIN)/python -m pytest
	@$(BIN)/python -m helpers.run compare $(BUILD)/before-test.json

bench: $(READY)
	$(BIN)/python -m helpers.bench

# Re-pin every dependency (needs network). Edit the pins in pyproject.toml and
# environment.yml first; tests/test_environment.py checks that the three agree.
lock:
	$(PYTHON) -m venv $(BUILD)/uv
	$(BUILD)/uv/bin/python -m pip install --quiet uv
	$(BUILD)/uv/bin/uv pip compile pyproject.toml requirements-build.in --universal \
		--python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf $(VENV) $(BUILD) site
