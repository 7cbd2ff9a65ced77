# netmix: `make demo` (set-up + the main job on the bundled example), `make test` (the whole suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= $(abspath ../shared/data)

.PHONY: demo test lint bench clean

$(VENV)/.stamp-base: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(VENV)/.stamp-base $@

demo: $(VENV)/.stamp-base
	$(BIN)/netmix demo --out netmix-report

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check netmix tests benchmarks

test: lint
	NETMIX_DATA_DIR=$${NETMIX_DATA_DIR:-$(DATA)} $(BIN)/python -W error -c "import netmix"
	NETMIX_DATA_DIR=$${NETMIX_DATA_DIR:-$(DATA)} $(BIN)/python -m pytest

bench: $(VENV)/.stamp-test
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) netmix-report .pytest_cache .ruff_cache .hypothesis
