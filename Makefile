# postpurchase: `make run` serves the demo shop, `make test` runs the whole suite.
# Everything installs into .venv with the exact versions in requirements/constraints.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt
SEED_ARGS ?=

.PHONY: run test lint fmt migrate seed bench bench-seed lock clean help

help:
	@echo "make run         set up, migrate, seed the demo shop and serve it with a Celery worker and beat"
	@echo "make test        lint and run the whole test suite"
	@echo "make lint / fmt  ruff check / ruff format"
	@echo "make bench       run the benchmarks (needs DATABASE_URL to PostgreSQL)"
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

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: bench-seed

bench-seed: $(VENV)/.installed-dev
	$(BIN)/python bench/seed_demo.py

lock: $(VENV)/.installed-dev
	{ echo "# Exact versions that CI tested. Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^postpurchase' | sort -f; } > requirements/constraints.txt

clean:
	rm -rf $(VENV) var build *.egg-info
