# The Leeds Academic Health Partnership website.
#   make run    set everything up and serve the site on http://127.0.0.1:8000
#   make test   set everything up and run every check CI runs
# Run `make help` for the rest.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_SETTINGS := leeds_partnership.settings.test
PIP_TOOLS := pip-tools==7.6.2

.PHONY: help run serve setup install install-dev test lint format check-migrations \
	admin-password benchmark bench film lock clean screenshots icons docker-check \
	backup restore

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# --- Installing ---------------------------------------------------------------

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "This site needs Python 3.11 or newer. Found: $$($(PYTHON) --version 2>&1)."; \
		echo "Install a newer Python, or point at one with: make PYTHON=/path/to/python3.12 ..."; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)
	@touch $@

# Stamps record what is installed: a second run skips pip entirely unless the
# lock files changed.
$(VENV)/.installed-base: requirements/base.txt $(VENV)/.python-ok
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt $(VENV)/.python-ok
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base ## Install what the site needs to run

install-dev: $(VENV)/.installed-dev node_modules/.installed ## Install what the tests need too

# axe-core for the browser accessibility tests, pinned in package-lock.json.
# Without npm the accessibility scans skip (or fail, in CI) with a message.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the accessibility scans will be skipped. Install Node.js to run them."; \
	fi

# --- Running ------------------------------------------------------------------

# Links the site gives out (canonical addresses, emails) use the address it is
# served on, port included, unless BASE_URL says otherwise.
setup run: export BASE_URL ?= http://$(HOST):$(PORT)

setup: install ## Migrate, load the seed content and create the admin account
	@$(MANAGE) migrate --noinput
	@$(MANAGE) ensure_admin
	@$(MANAGE) load_seed_content

# The scheduler runs beside the server, so scheduled changes go live; `serve`
# starts both and stops both (Ctrl+C, or either one stopping).
SCHEDULER_INTERVAL ?= 60

run: setup ## Set up, then serve the site on http://$(HOST):$(PORT) with the scheduler
	@echo "Serving the site on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/). Stop with Ctrl+C."
	$(MANAGE) serve $(HOST):$(PORT) --scheduler-interval $(SCHEDULER_INTERVAL)

benchmark: setup ## Measure queries, server time and page weight of every page
	$(MANAGE) benchmark

# The site under load as production runs it: gunicorn, production settings, wrk,
# on SQLite and PostgreSQL (when it answers), the page cache on and off. Writes
# a Markdown table to reports/bench.md too.
BENCH_SECONDS ?= 10

bench: install ## Measure requests/s, latency, queries and page weight under load (needs wrk)
	@mkdir -p reports
	$(MANAGE) bench --seconds $(BENCH_SECONDS) --output reports/bench.md

# The first screens of the home page and a programme page, at 1280 and 375 px,
# into docs/screenshots/ (the README shows the home page).
SCREENSHOTS_PORT ?= 8097

screenshots: install-dev ## Take screenshots of the home and a programme page in Chromium
	@$(MAKE) --no-print-directory setup PORT=$(SCREENSHOTS_PORT) >/dev/null
	@$(MANAGE) runserver --noreload $(HOST):$(SCREENSHOTS_PORT) >/dev/null 2>&1 & echo $$! > .screenshots.pid; \
	trap 'kill $$(cat .screenshots.pid); rm -f .screenshots.pid' EXIT; \
	for _ in $$(seq 1 40); do curl -fs -o /dev/null http://$(HOST):$(SCREENSHOTS_PORT)/ && break; sleep 0.5; done; \
	$(MANAGE) screenshots http://$(HOST):$(SCREENSHOTS_PORT)

icons: install ## Draw favicon.ico and the app icons from static/images/favicon.svg's design
	$(MANAGE) render_icons

admin-password: install ## Set a new password for the admin account
	$(MANAGE) changepassword admin

# --- Backing up ---------------------------------------------------------------

# One archive holds the database and every uploaded file (see "Backup and
# restore" in README.md). `make restore` refuses to replace a site that has
# content unless FORCE=1.
BACKUP_DIR ?= backups

backup: install ## Back up the database and uploaded files into $(BACKUP_DIR)/
	@mkdir -p "$(BACKUP_DIR)"
	$(MANAGE) backup "$(BACKUP_DIR)"

restore: install ## Restore a backup: make restore ARCHIVE=backups/lahp-backup-….tar.gz [FORCE=1]
	@test -n "$(ARCHIVE)" || { \
		echo "Say which backup to restore: make restore ARCHIVE=$(BACKUP_DIR)/lahp-backup-YYYYmmdd-HHMMSS.tar.gz"; \
		exit 1; }
	$(MANAGE) restore "$(ARCHIVE)" $(if $(FORCE),--force)

# --- Checking -----------------------------------------------------------------

lint: install-dev ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Fix lint and formatting where ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install-dev
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run

test: install-dev lint check-migrations ## Lint, system checks, migrations check, then the tests
	$(BIN)/pytest --durations=10 $(PYTEST_ARGS)

# --- Maintaining --------------------------------------------------------------

# The strategy film is committed (home/seed_files/strategy-film/), so `make run`
# never renders it; run this after changing the seed words it shows.
film: install-dev ## Render the strategy film again from the seed words (about two minutes)
	$(MANAGE) render_strategy_film

# Build the production image and check it the way the README runs it (docker or
# podman; PostgreSQL on the host). IMAGE_BUILD replaces the build command, e.g.
# on a machine without access to a registry's base image.
docker-check: ## Build the Docker image and smoke-test it (read-only, health check, seed content)
	deploy/docker-check.sh

# Pins are resolved by the oldest Python the site supports (Debian 12's 3.11.2),
# so that every newer 3.11+ can install them: some packages' newest releases
# need a later 3.11.
LOCK_PYTHON ?= /usr/bin/python3.11
LOCK_VENV := .venv-lock

lock: ## Re-pin every dependency after editing pyproject.toml
	@test -x "$(LOCK_PYTHON)" || { echo "Set LOCK_PYTHON to the oldest Python 3.11 you have."; exit 1; }
	$(LOCK_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet "$(PIP_TOOLS)"
	$(LOCK_VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links \
		-o requirements/base.txt pyproject.toml
	$(LOCK_VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --extra dev -c requirements/base.txt \
		-o requirements/dev.txt pyproject.toml
	@rm -rf $(LOCK_VENV) $(VENV)/.installed-base $(VENV)/.installed-dev

clean: ## Remove the virtualenv and collected static files (keeps the database)
	rm -rf $(VENV) staticfiles .bench node_modules .pytest_cache .ruff_cache
