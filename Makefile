# laget-graph: one entry point for setting up, serving, testing and building docs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup serve test test-fast lint docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

# Baselines for the benchmarks only (rdflib-endpoint, the oxigraph server); never needed to run or test.
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

# The query editor (YASGUI) comes from npm into an ignored folder; third-party JS is never committed.
YASGUI_VERSION := 4.6.2
YASGUI_DIR     := src/laget_graph/web/static/vendor/yasgui
YASGUI         := $(YASGUI_DIR)/yasgui.min.js

$(YASGUI):
	npm install --prefix build/npm --no-audit --no-fund --ignore-scripts --loglevel=error @zazuko/yasgui@$(YASGUI_VERSION)
	mkdir -p $(YASGUI_DIR)
	cp build/npm/node_modules/@zazuko/yasgui/build/yasgui.min.js build/npm/node_modules/@zazuko/yasgui/build/yasgui.min.css $(YASGUI_DIR)/

## setup: create .venv, install laget-graph with test and docs extras, and fetch the query editor
setup: $(STAMP) $(YASGUI)

## serve: start the server on http://$(HOST):$(PORT) with the bundled data in the embedded store
serve: setup
	$(BIN)/laget serve --host $(HOST) --port $(PORT)

## lint: ruff over the whole tree
lint: setup
	$(BIN)/ruff check .

## test: lint, then the whole test suite (browser tests skip if Chromium is missing)
test: lint
	$(BIN)/python -m pytest

## test-fast: the suite without browser and slow tests
test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not slow"

## docs: HTML documentation of the ontology with pyLODE into docs/ontology/
docs: setup
	mkdir -p docs/ontology
	$(BIN)/python -m laget_graph.docs docs/ontology/index.html

## bench: benchmarks that print figures and ratios against a baseline run side by side
bench: setup $(BENCH_STAMP)
	mkdir -p bench-results
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/store_choice.py --json bench-results/store_choice.json
	$(BIN)/python bench/load.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/validation.py
	$(BIN)/python bench/network.py
	$(BIN)/python bench/sparql_overhead.py
	$(BIN)/python bench/endpoint.py
	$(BIN)/python bench/external.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
