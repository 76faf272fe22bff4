# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test lint ui clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/healthplans run

test: $(VENV)/.installed-dev
	$(BIN)/pytest -q

# ruff, the import contracts of pyproject.toml (layers, no Dagster below assets), mypy.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy healthplans

# The UI on the fixture mirror (served on 127.0.0.1:8765 while the UI runs).
ui: $(VENV)/.installed
	mkdir -p $(DAGSTER_HOME)
	test -f $(DAGSTER_HOME)/dagster.yaml || cp deploy/dagster.sqlite.yaml $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/healthplans mirror --port 8765 & trap "kill $$!" EXIT; \
	HEALTHPLANS_MIRROR_URL=http://127.0.0.1:8765 $(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf $(VENV) .dagster_home data
