# Four Pillars: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3.11
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --locked --no-sync
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-dev uv python assets lint typecheck pytest bench serve worker clean pg-roles

# On PostgreSQL (DATABASE_URL naming an administrator, DATABASE_OWNER_URL unset) the owner and
# application roles are made first and the demo runs as the application's role (decision 0027).
PG_ROLES = if [[ "$${DATABASE_URL:-}" == postgres* && -z "$${DATABASE_OWNER_URL:-}" ]]; then \
	  roles="$$($(RUN) fourpillars db-roles create --print-env)" && eval "$$roles" || exit 1; fi

demo: install ## set up (the app's own packages only), migrate, seed synthetic data on first run, serve on $(HOST):$(PORT) with the background worker beside it, and the Netherlands' and Latvia's nodes on the next two ports
	@$(PG_ROLES); \
	$(RUN) fourpillars seed-demo --host $(HOST) --port $(PORT) && \
	$(RUN) fourpillars demo-nodes --host $(HOST) --port $(PORT)

pg-roles: install ## PostgreSQL (DATABASE_URL an administrator): the owner and application roles, migrations as the owner, and the check that the application's role cannot change the audit trail
	@$(PG_ROLES); \
	$(RUN) fourpillars migrate --verbosity 0 && $(RUN) fourpillars db-roles check

test: install-dev lint typecheck pytest ## ruff, mypy on src/fourpillars and bench, the whole pytest suite

# What the app needs to run: no test or lint tools (the "dev" group in pyproject.toml).
install: uv assets
	$(UV) sync --locked --no-dev

# The app and the development tools (pytest, Playwright, ruff, mypy, hypothesis, import-linter).
install-dev: uv assets
	$(UV) sync --locked --group dev

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || \
	  (echo "installing uv from PyPI" && python3 -m pip install --user --quiet uv) || \
	  python3 -m pip install --quiet --break-system-packages uv

assets: node_modules/.package-lock.json
	npm run --silent build

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lint:
	$(RUN) lint-imports --no-cache
	$(RUN) ruff check src tests
	$(RUN) ruff format --check src tests

typecheck:
	$(RUN) mypy src/fourpillars bench
	$(RUN) python manage.py makemigrations --check --dry-run

pytest:
	$(RUN) pytest

bench: install-dev ## speed figures (PostgreSQL if DATABASE_URL is set, else a bench database)
	@command -v wrk >/dev/null 2>&1 || (apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  echo "wrk (Debian package) not installed: the bench drives the load from Python threads")
	$(RUN) python -m bench

serve:
	$(RUN) fourpillars serve --host $(HOST) --port $(PORT) --worker

worker: ## the background worker alone (reminders of actions, the e-mail outbox)
	$(RUN) fourpillars worker

clean:
	rm -rf var/static src/fourpillars/static/build
