# Everything a newcomer needs: `make serve` and `make test` set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARCHIVE ?= demo-archive
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: serve test lint format demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files re-run the install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Build the demo archive from examples/ once; delete the folder to rebuild it.
$(ARCHIVE)/archive.json: | $(VENV)/.installed
	$(BIN)/verbatim --archive $(ARCHIVE) init
	$(BIN)/verbatim --archive $(ARCHIVE) add examples/ --show "Verbatim Demo"

demo: $(ARCHIVE)/archive.json

serve: $(VENV)/.installed $(ARCHIVE)/archive.json
	$(BIN)/verbatim --archive $(ARCHIVE) serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py --episodes 200 --queries 200

clean:
	rm -rf $(VENV) $(ARCHIVE) .pytest_cache .ruff_cache
