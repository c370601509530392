# laget-graph: one entry point for setting up, serving, testing and building docs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup setup-serve serve test test-slow test-all test-fast lint docs bench clean help

$(BIN)/python:
	@echo "==> Creating the virtual environment in $(VENV) (Python ≥ 3.11: $$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What serving needs, and no more; pip shows its progress, so a first install is never silent.
SERVE_STAMP := $(VENV)/.serve-stamp
$(SERVE_STAMP): pyproject.toml | $(BIN)/python
	@echo "==> Installing laget-graph and what the server needs (a minute or two on a fresh machine)"
	$(BIN)/python -m pip install --progress-bar on -e .
	touch $(SERVE_STAMP)

# The test tools (pytest, ruff, selenium, SPARQLWrapper, the Oxigraph server, pyLODE for the docs test) on top.
STAMP  := $(VENV)/.test-stamp
$(STAMP): pyproject.toml $(SERVE_STAMP)
	@echo "==> Installing the test tools"
	$(BIN)/python -m pip install --progress-bar on -e '.[test,docs]'
	touch $(STAMP)

DOCS_STAMP := $(VENV)/.docs-stamp
$(DOCS_STAMP): pyproject.toml $(SERVE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $(DOCS_STAMP)

# Baselines for the benchmarks only (rdflib-endpoint, the oxigraph server); never needed to run or test.
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

# The query editor (YASGUI) comes from npm into an ignored folder; third-party JS is never committed.
YASGUI_VERSION := 4.6.2
YASGUI_DIR     := src/laget_graph/web/static/vendor/yasgui
YASGUI         := $(YASGUI_DIR)/yasgui.min.js

$(YASGUI):
	@echo "==> Installing the query editor (YASGUI $(YASGUI_VERSION)) from npm"
	npm install --prefix build/npm --no-audit --no-fund --ignore-scripts --loglevel=error @zazuko/yasgui@$(YASGUI_VERSION)
	mkdir -p $(YASGUI_DIR)
	cp build/npm/node_modules/@zazuko/yasgui/build/yasgui.min.js build/npm/node_modules/@zazuko/yasgui/build/yasgui.min.css $(YASGUI_DIR)/

# Charts of a result in the editor (Chart.js, MIT), the same way: from npm into the ignored vendor folder.
CHARTJS_VERSION := 4.6.1
CHARTJS_DIR     := src/laget_graph/web/static/vendor/chartjs
CHARTJS         := $(CHARTJS_DIR)/chart.umd.min.js

$(CHARTJS):
	@echo "==> Installing the result charts (Chart.js $(CHARTJS_VERSION)) from npm"
	npm install --prefix build/npm --no-audit --no-fund --ignore-scripts --loglevel=error chart.js@$(CHARTJS_VERSION)
	mkdir -p $(CHARTJS_DIR)
	cp build/npm/node_modules/chart.js/dist/chart.umd.min.js build/npm/node_modules/chart.js/LICENSE.md $(CHARTJS_DIR)/

# The API documentation (Swagger UI and ReDoc) the same way: from npm, into the ignored vendor folder,
# served by the app itself, so /docs and /redoc work offline and under the app's own CSP.
SWAGGER_VERSION := 5.35.0
SWAGGER_DIR     := src/laget_graph/web/static/vendor/swagger-ui
SWAGGER         := $(SWAGGER_DIR)/swagger-ui-bundle.js

$(SWAGGER):
	@echo "==> Installing the API documentation viewer (Swagger UI $(SWAGGER_VERSION)) from npm"
	npm install --prefix build/npm --no-audit --no-fund --ignore-scripts --loglevel=error swagger-ui-dist@$(SWAGGER_VERSION)
	mkdir -p $(SWAGGER_DIR)
	cp build/npm/node_modules/swagger-ui-dist/swagger-ui-bundle.js build/npm/node_modules/swagger-ui-dist/swagger-ui.css $(SWAGGER_DIR)/

# ReDoc 2.x: its standalone bundle is one file (3.x needs packages npm no longer has).
REDOC_VERSION := 2.5.2
REDOC_DIR     := src/laget_graph/web/static/vendor/redoc
REDOC         := $(REDOC_DIR)/redoc.standalone.js

$(REDOC):
	@echo "==> Installing the API reference viewer (ReDoc $(REDOC_VERSION)) from npm"
	npm install --prefix build/npm --no-audit --no-fund --ignore-scripts --loglevel=error redoc@$(REDOC_VERSION)
	mkdir -p $(REDOC_DIR)
	@# the menu's "API docs by Redocly" logo is the bundle's one outside request: an empty picture instead
	sed 's#https://cdn.redoc.ly/redoc/logo-mini.svg#data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E#' \
	  build/npm/node_modules/redoc/bundles/redoc.standalone.js > $(REDOC_DIR)/redoc.standalone.js
	! grep -q 'https://cdn' $(REDOC_DIR)/redoc.standalone.js

# axe-core checks universal design (WCAG 2.1 AA) in the browser tests; it stays in build/npm.
AXE_VERSION := 4.14.1
AXE         := build/npm/node_modules/axe-core/axe.min.js

$(AXE):
	@echo "==> Installing the accessibility checker for the browser tests (axe-core $(AXE_VERSION)) from npm"
	npm install --prefix build/npm --no-audit --no-fund --ignore-scripts --loglevel=error axe-core@$(AXE_VERSION)

## setup-serve: create .venv, install laget-graph and the browser assets (what `make serve` needs)
setup-serve: $(SERVE_STAMP) $(YASGUI) $(CHARTJS) $(SWAGGER) $(REDOC)

## setup: setup-serve plus the test tools (and axe-core for the browser tests)
setup: setup-serve $(STAMP) $(AXE)

## serve: start the server on http://$(HOST):$(PORT) with the bundled data in the embedded store (PORT=8001 for another port)
serve: setup-serve
	@echo "==> Starting laget-graph on http://$(HOST):$(PORT) (Ctrl+C stops it)"
	$(BIN)/laget serve --host $(HOST) --port $(PORT)

## lint: ruff over the whole tree
lint: setup
	$(BIN)/ruff check .

## test: lint, then the test suite but the slow tests (browser tests skip if Chromium is missing)
test: lint
	$(BIN)/python -m pytest -m "not slow"

## test-slow: only the slow tests (server starts and kill -9 runs, Virtuoso, pyshacl on every fixture, OWL RL closures); CI runs them after `make test`
test-slow: setup
	$(BIN)/python -m pytest -m slow

## test-all: lint, then every test
test-all: lint
	$(BIN)/python -m pytest

## test-fast: the suite without browser and slow tests
test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not slow"

## docs: HTML documentation of the ontology with pyLODE into docs/ontology/
docs: $(DOCS_STAMP)
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
	$(BIN)/python bench/linked_data.py
	$(BIN)/python bench/sparql_overhead.py
	$(BIN)/python bench/endpoint.py
	$(BIN)/python bench/external.py
	$(BIN)/python bench/registers.py

## help: list the targets
help:
	@grep -E '^## ' Makefile | sed 's/^## /  /'

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
