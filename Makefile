# Hotline — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432

.PHONY: run test screenshots test-postgres bench lint format check ivr-check locales-extract locales-update locales-compile clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the demo on http://127.0.0.1:8000 (HOTLINE_HOST / HOTLINE_PORT to change).
run: $(STAMP)
	$(BIN)/hotline serve --demo

## The whole suite on the embedded SQLite database, with a coverage report and its floor
## (a little under the measured figure; `make test COVERAGE= PYTEST_ARGS=tests/unit` for a part).
COVERAGE_FLOOR := 93
COVERAGE ?= --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)
test: $(STAMP)
	.ci/ensure-tools
	.ci/ensure-redis
	HOTLINE_TEST_ENGINE=sqlite $(BIN)/python -m pytest $(COVERAGE) $(PYTEST_ARGS)

## The same suite on PostgreSQL (starts the server if it is down; throwaway databases).
test-postgres: $(STAMP)
	.ci/ensure-postgres
	.ci/ensure-tools
	.ci/ensure-redis
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
	$(BIN)/mypy hotline tests bench

# One catalog per domain: locales/<domain>.cfg says which files feed it (see hotline/i18n.py).
DOMAINS := $(basename $(notdir $(wildcard locales/*.cfg)))
EXTRACT_OPTS := -k N_ -k t:2 --no-location --sort-output --project=hotline

# A template is replaced only when its messages changed, not for a new creation date alone, so
# an update touches only the domains whose source changed.
locales-extract: $(STAMP)
	@for d in $(DOMAINS); do \
	  $(BIN)/pybabel --quiet extract -F locales/$$d.cfg $(EXTRACT_OPTS) -o locales/$$d.pot.new . || exit 1; \
	  if diff -q -I '^"POT-Creation-Date' locales/$$d.pot locales/$$d.pot.new >/dev/null 2>&1; \
	  then rm locales/$$d.pot.new; else mv locales/$$d.pot.new locales/$$d.pot; fi; \
	done

# Creates a domain's catalogs the first time, updates them after.
locales-update: locales-extract
	@for d in $(DOMAINS); do for l in id en; do \
	  if [ -f locales/$$l/LC_MESSAGES/$$d.po ]; then \
	    $(BIN)/pybabel --quiet update -i locales/$$d.pot -d locales -D $$d -l $$l --no-fuzzy-matching --ignore-obsolete || exit 1; \
	  else \
	    $(BIN)/pybabel --quiet init -i locales/$$d.pot -d locales -D $$d -l $$l || exit 1; \
	  fi; \
	done; done

# The app reads the .po files directly (hotline/i18n.py); compiling checks them and gives
# statistics. The .mo files are git-ignored.
locales-compile: $(STAMP)
	@for d in $(DOMAINS); do $(BIN)/pybabel compile -d locales -D $$d --statistics || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis

## PNGs of the main citizen, transparency and staff pages at 360 and 1280 px in screenshots/
## (git-ignored), from a throwaway demo database, for a reviewer to look at.
screenshots: $(STAMP)
	.ci/ensure-tools
	$(BIN)/python -m tests.support.screenshots $(SCREENSHOTS_ARGS)
