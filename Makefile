# regiohub — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup chromium postgresql demo test test-fast lint clean

setup: $(STAMP)

## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; no download)
chromium:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing chromium with apt-get for the browser tests"; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

## Debian's PostgreSQL for the store tests (tests/pg_server.py runs initdb + pg_ctl on a temp dir)
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing postgresql with apt-get for the store tests"; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	fi

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "regiohub needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## Harvest the demo partner sites through Prefect, then serve the search on http://127.0.0.1:$(PORT)
PORT ?= 8000
demo: setup
	$(BIN)/regiohub demo --port $(PORT)

## Lint, type-check and run every test (slow end-to-end tests included), as CI does
test: setup chromium postgresql lint
	$(BIN)/python -m pytest

## Only the quick tests
test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .regiohub .pytest_cache .mypy_cache .ruff_cache
