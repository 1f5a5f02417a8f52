# Hotline — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432

.PHONY: run test test-postgres bench lint format check ivr-check locales-extract locales-update locales-compile clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the demo on http://127.0.0.1:8000 (HOTLINE_HOST / HOTLINE_PORT to change).
run: $(STAMP)
	$(BIN)/hotline serve --demo

## The whole suite on the embedded SQLite database.
test: $(STAMP)
	HOTLINE_TEST_ENGINE=sqlite $(BIN)/python -m pytest $(PYTEST_ARGS)

## The same suite on PostgreSQL (starts the server if it is down; throwaway databases).
test-postgres: $(STAMP)
	.ci/ensure-postgres
	HOTLINE_TEST_ENGINE=postgres HOTLINE_TEST_POSTGRES=$(PG_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

## Benchmarks; figures go to docs/PERFORMANCE.md by hand, with the command that produced them.
bench: $(STAMP)
	.ci/ensure-postgres
	HOTLINE_BENCH_POSTGRES=$(PG_URL) $(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint
	$(BIN)/mypy hotline

locales-extract: $(STAMP)
	$(BIN)/pybabel extract -F locales/babel.cfg -k N_ -k t:2 -o locales/messages.pot --no-location --sort-output --project=hotline .

locales-update: locales-extract
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching

# The app reads the .po files directly (hotline/i18n.py); compiling checks them and gives
# statistics. The .mo files are git-ignored.
locales-compile: $(STAMP)
	$(BIN)/pybabel compile -d locales -D messages --statistics

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
