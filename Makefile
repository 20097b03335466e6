# The two quickstart commands: `make demo` and `make test`.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
export UV_LINK_MODE ?= copy

# What the test suite runs against: the machine's real PostgreSQL and Redis.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fundtracker
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0

.PHONY: demo test setup lint typecheck bench audit

$(UV):
	python3 -m pip install --user --quiet uv

setup: $(UV)
	$(UV) sync --frozen

## Set up everything and serve the dashboard with demo data at http://127.0.0.1:8000
demo: setup
	$(UV) run python manage.py migrate --no-input
	$(UV) run python manage.py load_demo
	$(UV) run python manage.py runserver 127.0.0.1:8000

## Run the whole test suite (lint, types, tests) against PostgreSQL and Redis
test: setup lint typecheck
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(UV) run pytest $(PYTEST_ARGS)

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
