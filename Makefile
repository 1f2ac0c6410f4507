# The two commands of the README:
#   make demo   set everything up, then clean the bundled example corpus into out/
#   make test   set everything up, then run the test suite
# Everything installs into .venv from PyPI; nothing else is needed but python3 (3.10+).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint smoke ci clean

$(STAMP): pyproject.toml examples/thresher-example-plugin/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e examples/thresher-example-plugin
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/thresher run examples/corpus -o out -f jsonl,json,markdown,csv

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests examples/thresher-example-plugin/tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

smoke: $(STAMP)
	bash .ci/smoke

ci: lint test smoke

clean:
	rm -rf $(VENV) out dist
