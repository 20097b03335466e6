# The two quickstart commands: `make demo` and `make test`.
SHELL := /bin/bash
# uv: the one on PATH, else one a pip --user install left in ~/.local/bin, else one
# this Makefile installs into a private virtual environment. Not `pip install --user`:
# Debian 12 and Ubuntu 23.04+ refuse it (PEP 668, "externally-managed-environment").
UV_VENV ?= $(CURDIR)/.tools/uv
UV := $(or $(shell command -v uv 2>/dev/null),$(wildcard $(HOME)/.local/bin/uv),$(UV_VENV)/bin/uv)
export UV_LINK_MODE ?= copy

# What the test suite runs against: the machine's real PostgreSQL and Redis.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fundtracker
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0
# The second run: the tests marked `quickstart` on what `make demo` serves, SQLite
# with no broker (tasks in-process); pytest-django keeps that test database in memory.
QUICKSTART_TEST = DATABASE_URL=sqlite:///$(CURDIR)/quickstart-test.sqlite3 \
	CELERY_BROKER_URL= REDIS_URL= PAGE_CACHE_URL= $(UV) run pytest --quickstart

.PHONY: demo test test-quickstart setup uv lint typecheck bench audit

$(UV):
	@command -v python3 >/dev/null || { echo "make: Python 3.11+ is needed: install python3." >&2; exit 1; }
	@echo "make: uv not found; installing it into a private virtual environment, $(UV_VENV)"
	@python3 -m venv "$(UV_VENV)" >/dev/null 2>&1 || { rm -rf "$(UV_VENV)"; \
	  echo "make: python3 cannot create a virtual environment to install uv in." >&2; \
	  echo "make: on Debian or Ubuntu run: sudo apt-get install python3-venv   then make again," >&2; \
	  echo "make: or install uv yourself: https://docs.astral.sh/uv/getting-started/installation/" >&2; \
	  exit 1; }
	"$(UV_VENV)/bin/python" -m pip install --quiet --disable-pip-version-check uv

## Print the uv used (installing it first if there is none)
uv: $(UV)
	@echo "$(UV)"

setup: $(UV)
	$(UV) sync --frozen

## Set up everything and serve the dashboard with demo data at http://127.0.0.1:8000
demo: setup
	$(UV) run python manage.py migrate --no-input
	$(UV) run python manage.py load_demo
	$(UV) run python manage.py runserver 127.0.0.1:8000

## Run the whole test suite (lint, types, tests) against PostgreSQL and Redis, then
## the quickstart's tests again on SQLite without a broker
test: setup lint typecheck
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(UV) run pytest $(PYTEST_ARGS)
	$(QUICKSTART_TEST)

## Only the quickstart's tests, on SQLite without a broker (the second half of `make test`)
test-quickstart: setup
	$(QUICKSTART_TEST)

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck: setup
	$(UV) run mypy deals fundtracker

## Audit the locked dependencies for known vulnerabilities (needs PyPI's JSON API or
## OSV over the internet, so it is not part of `make test`: see the README)
audit: setup
	$(UV) export --frozen --format requirements-txt --no-emit-project -o .audit-requirements.txt
	$(UV) run pip-audit --strict --disable-pip -r .audit-requirements.txt
