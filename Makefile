# netmix: `make demo` (set-up + the main job on the bundled example), `make test` (the whole suite),
# `make docs` (the documentation site in docs/_build/html; `make notebooks` re-runs the notebooks).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= $(abspath ../shared/data)

.PHONY: demo test lint bench clean docs notebooks

# After installing, the compiled kernels are built into numba's cache once (netmix._warm,
# about 5 s), so that no first call in a notebook waits for the compiler.
$(VENV)/.stamp-base: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	$(BIN)/python -m netmix._warm
	touch $@

$(VENV)/.stamp-test: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(VENV)/.stamp-base $@

$(VENV)/.stamp-docs: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[docs,test]"
	touch $(VENV)/.stamp-base $(VENV)/.stamp-test $@

demo: $(VENV)/.stamp-base
	$(BIN)/netmix demo --out netmix-report

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check netmix tests benchmarks

test: lint
	NETMIX_DATA_DIR=$${NETMIX_DATA_DIR:-$(DATA)} $(BIN)/python -W error -c "import netmix"
	NETMIX_DATA_DIR=$${NETMIX_DATA_DIR:-$(DATA)} $(BIN)/python -m pytest

# NetworKit is a peer in the benchmark, not a dependency: the `bench` extra installs it
bench: $(VENV)/.stamp-test
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# The notebooks are stored without outputs; the site renders executed copies in
# docs/notebooks/ (not under version control). `make notebooks` re-runs them all; `make docs`
# runs those whose copy is missing or older than the notebook, then builds the site.
notebooks: $(VENV)/.stamp-docs
	NETMIX_DATA_DIR=$${NETMIX_DATA_DIR:-$(DATA)} $(BIN)/python docs/execute_notebooks.py

docs: $(VENV)/.stamp-docs
	NETMIX_DATA_DIR=$${NETMIX_DATA_DIR:-$(DATA)} $(BIN)/python docs/execute_notebooks.py --stale
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

clean:
	rm -rf $(VENV) netmix-report .pytest_cache .ruff_cache .hypothesis
