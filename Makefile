# make run   — set up (idempotent) and serve http://127.0.0.1:$(PORT)
# make test  — the test suite (DATABASE_URL from the environment; SQLite by default)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core by default.
PYTEST_WORKERS ?= auto
VENV := .venv
PY := $(VENV)/bin/python
OCOP := DEBUG=1 $(PY) -m ocop

.PHONY: run setup install messages test lint clean

run: setup
	$(OCOP) runserver 127.0.0.1:$(PORT)

setup: install messages | var
	$(OCOP) migrate --noinput
	$(OCOP) load_units
	$(OCOP) load_rulebooks
	$(OCOP) load_demo

install: $(VENV)/.installed node_modules/.stamp

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

node_modules/.stamp: package-lock.json package.json
	npm ci --no-audit --no-fund
	touch $@

var:
	mkdir -p var

# Compiles every locale/ directory of the project (src/ocop/locale and any app's own).
messages: install
	@if [ -n "$$(find src -type d -name locale -print -quit)" ]; then \
		echo "$(OCOP) compilemessages -i .git -i .venv -i node_modules -i var"; \
		$(OCOP) compilemessages -i .git -i .venv -i node_modules -i var; \
	else \
		echo "messages: no locale/ directory under src/, nothing to compile"; \
	fi

# pytest exits 5 when it collected no tests, which fails this target too.
test: install messages | var
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf var .pytest_cache .ruff_cache build
	find . -path ./.venv -prune -o -path ./node_modules -prune -o \
		\( -name __pycache__ -type d -prune -exec rm -rf {} + \) -o \
		\( -name '*.mo' -path '*/locale/*' -type f -exec rm -f {} + \)
