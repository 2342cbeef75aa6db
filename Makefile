# Samvern: `make run` to try it, `make test` to check it. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-clock test-postgres lint format demo migrate assets install bench bench-smoke messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data

demo: migrate
	SAMVERN_DEMO=1 $(PY) manage.py load_demo

run: demo
	SAMVERN_DEMO=1 $(PY) manage.py demo_logins
	SAMVERN_DEMO=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite, again on SQLite with the clock moved years ahead (a test that
# mixes a fixed date with the real clock fails there), then on PostgreSQL when DATABASE_URL
# names one.
MOVED_CLOCK ?= 2029-03-01

test: install
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-clock
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped (SQLite runs above are complete)."; fi

test-sqlite: install
	DATABASE_URL= $(BIN)/pytest -n 2 --dist loadgroup -q

test-clock: install
	DATABASE_URL= SAMVERN_TEST_CLOCK=$(MOVED_CLOCK) $(BIN)/pytest -n 2 --dist loadgroup -q -m "not browser"

test-postgres: install
	$(BIN)/pytest -n 2 --dist loadgroup -q --create-db

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy samvern

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	for app in samvern/*/; do if [ -d $$app/locale ]; then (cd $$app && ../../$(PY) ../../manage.py makemessages -l nb -l en --no-obsolete >/dev/null); fi; done
	$(PY) manage.py makemessages -l nb -l en --no-obsolete -i 'samvern/*' -i node_modules -i '.venv/*'
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# Through gunicorn on loopback, in a database of its own (see bench/README.md):
# make bench SCALE=small|national WORKERS=2; DATABASE_URL=postgres://… for PostgreSQL.
SCALE ?= national
WORKERS ?= 2
bench: install
	$(PY) bench/run.py --scale $(SCALE) --workers $(WORKERS)

bench-smoke: install
	$(PY) bench/run.py --scale small --smoke

clean:
	rm -rf $(VENV) node_modules var
