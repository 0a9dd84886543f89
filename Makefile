# postpurchase: `make run` serves the demo shop, `make test` runs the whole suite.
# Everything installs into .venv with the exact versions in requirements/constraints.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt
SEED_ARGS ?=
# Benchmarks write (and delete) lots of rows: they get a PostgreSQL database of their own.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postpurchase_bench
BENCH_ARGS ?=

.PHONY: run test lint fmt schema migrate seed bench bench-db bench-seed bench-tracking bench-accounts bench-notifications bench-api lock clean help

help:
	@echo "make run         set up, migrate, seed the demo shop and serve it with a Celery worker and beat"
	@echo "make test        lint and run the whole test suite"
	@echo "make lint / fmt  ruff check / ruff format"
	@echo "make bench       run the benchmarks on PostgreSQL (BENCH_DATABASE_URL, default postpurchase_bench)"
	@echo "make lock        re-pin requirements/constraints.txt from the current .venv"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(PIP_INSTALL) .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP_INSTALL) ".[dev]"
	@touch $@

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo $(SEED_ARGS)
	$(BIN)/python manage.py runstack

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

seed: $(VENV)/.installed
	$(BIN)/python manage.py seed_demo $(SEED_ARGS)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

schema: $(VENV)/.installed-dev
	$(BIN)/python manage.py spectacular --file docs/openapi.yaml --validate

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: bench-seed bench-tracking bench-accounts bench-notifications

bench-db: $(VENV)/.installed-dev
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/create_database.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v 0

bench-seed: bench-db
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/seed_demo.py $(BENCH_ARGS)

# Tracking webhooks over HTTP (gunicorn, ~20% duplicates); checks every distinct event is stored once.
bench-tracking: bench-db
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/tracking_webhooks.py $(BENCH_TRACKING_ARGS)

# Mein Konto under load (gunicorn, 100,000 orders; seeds only if the database has fewer).
bench-accounts: bench-db
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/account_pages.py $(BENCH_ACCOUNTS_ARGS)

lock: $(VENV)/.installed-dev
	{ echo "# Exact versions that CI tested. Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^postpurchase' | sort -f; } > requirements/constraints.txt

clean:
	rm -rf $(VENV) var build *.egg-info test-artifacts

# Needs the demo seed in BENCH_DATABASE_URL (make bench-seed) and a Redis database of its own, which it empties.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/6
bench-notifications: bench-db
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python bench/notifications_outbox.py $(BENCH_ARGS)

# Orders through the REST API (needs the demo seed in BENCH_DATABASE_URL for realistic table sizes).
bench-api: bench-db
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python bench/api_orders.py $(BENCH_ARGS)

