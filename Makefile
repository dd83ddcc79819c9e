# Qualiboard — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test stress demo bench clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## Install, load the demo town if the database is empty, serve on http://localhost:8501
run: $(STAMP)
	$(BIN)/python -m qualiboard demo --if-empty --no-generate
	$(BIN)/streamlit run dashboard.py --server.port 8501

## Install and run the whole test suite (lint, format, pytest on two workers: the browser
## tests wait on servers and pages much of the time, so two files run side by side)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadfile

## Heavy concurrency runs kept out of the default test run (ten browsers during an import)
stress: $(STAMP)
	$(BIN)/python -m pytest -m stress

## Benchmarks (not part of the test run): imports, engine, overview render, one table
bench: $(STAMP)
	$(BIN)/python -m bench

## Regenerate the demo spreadsheets (data/samples) and reload them into a fresh database
demo: $(STAMP)
	rm -f data/qualiboard.duckdb data/qualiboard.duckdb.wal
	$(BIN)/python -m qualiboard demo --end-month 2026-10

clean:
	rm -rf $(VENV) data/qualiboard.duckdb data/qualiboard.duckdb.wal data/archive
