# Everything a newcomer needs: `make serve` and `make test` set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARCHIVE ?= demo-archive
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: serve test lint format demo bench bench-hostile fuzz schemathesis clean \
	opensearch opensearch-cluster opensearch-stop

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

# Build the demo archive from examples/ once (delete the folder to rebuild it). It is
# built beside its final place and renamed, so a failed build never leaves half a demo.
$(ARCHIVE)/archive.json: | $(VENV)/.installed
	rm -rf $(ARCHIVE).tmp
	$(BIN)/verbatim --archive $(ARCHIVE).tmp init
	$(BIN)/verbatim --archive $(ARCHIVE).tmp add examples/harbour-lights.vtt \
		--show "Coastal Voices" --date 2024-03-14 --audio https://example.org/audio/coastal-voices-12.mp3 \
		--host "Dana Whitlock" --guest "Tomas Ferreira"
	$(BIN)/verbatim --archive $(ARCHIVE).tmp add examples/seed-library.txt \
		--title "The Seed Library on Calder Street" --show "Small Institutions" --date 2023-10-05 \
		--host "Priya Raman" --guest "Joe Okafor"
	$(BIN)/verbatim --archive $(ARCHIVE).tmp add examples/night-trains.md \
		--show "Slow Travel" --host "Marcus Hale" --guest "Élodie Marchand"
	mv $(ARCHIVE).tmp $(ARCHIVE)

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

# A few minutes of Hypothesis against every reader (fuzz/README.md); not part of `make test`.
FUZZ_EXAMPLES ?= 600
fuzz: $(VENV)/.installed-test
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:randomly -p no:cacheprovider \
		--hypothesis-show-statistics -q fuzz/

# schemathesis against a real server on the demo archive, from /api/openapi.json.
SCHEMATHESIS_EXAMPLES ?= 200
schemathesis: $(VENV)/.installed-test $(ARCHIVE)/archive.json
	$(BIN)/python fuzz/api_schemathesis.py --archive $(ARCHIVE) --examples $(SCHEMATHESIS_EXAMPLES)

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py --episodes 50 --queries 200

# Hostile queries against `verbatim serve`: do simple searches keep answering? (a few minutes)
bench-hostile: $(VENV)/.installed-test
	$(BIN)/python benchmarks/hostile_queries.py --episodes 27 --seconds 20 --attackers 4

# A local OpenSearch node for the OpenSearch engine (fetched from Maven Central into a cache
# outside the repository, its checksum checked): one node on 127.0.0.1:9200, or two as a
# cluster on :9200 and :9201. Starting twice is harmless; stop stops them by their pid files.
opensearch:
	.ci/opensearch.sh start

opensearch-cluster:
	.ci/opensearch.sh cluster

opensearch-stop:
	.ci/opensearch.sh stop

clean:
	rm -rf $(VENV) $(ARCHIVE) .pytest_cache .ruff_cache
