# The two commands: `make demo` and `make test`. Both create .venv as needed
# and are safe to run again.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint install clean wheel-check fuzz models

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (or set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

install: $(STAMP)

demo: $(STAMP)
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/newsledger ingest examples/articles --db demo.db
	$(BIN)/newsledger report --db demo.db --out report.md

lint: $(DEV_STAMP)
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy --strict src

test: lint
	$(BIN)/pytest -q

# The hostile-input fuzz suite at length: 2,000 inputs per test, 10,000 in
# all (`make test` runs it bounded); both fail on any escaped exception and
# any "internal error" Failure (NEWSLEDGER_FUZZ_STRICT=0 only counts them).
fuzz: $(DEV_STAMP)
	NEWSLEDGER_FUZZ_PROFILE=fuzz-long $(BIN)/pytest -q tests/fuzz

clean:
	rm -rf $(VENV) demo.db* report.md report.json report-timeline.svg

# What a user gets from `pip install newsledger`: build the wheel, install it
# into a new, empty virtual environment (not .venv), import it and run the
# demo from there. CI runs this after the tests.
WHEEL_VENV ?= /tmp/newsledger-wheel-check
wheel-check: $(BIN)/python
	rm -rf dist $(WHEEL_VENV)
	$(BIN)/pip wheel --quiet --no-deps --wheel-dir dist .
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/pip install --quiet dist/newsledger-*.whl
	cd $(WHEEL_VENV) && bin/python -W error::DeprecationWarning -c "import newsledger, newsledger.ingest, newsledger.text; print('import ok', newsledger.__version__)"
	rm -f $(WHEEL_VENV)/demo.db*
	$(WHEEL_VENV)/bin/newsledger ingest examples/articles --db $(WHEEL_VENV)/demo.db
	$(WHEEL_VENV)/bin/newsledger report --db $(WHEEL_VENV)/demo.db --out $(WHEEL_VENV)/report.md
	test -s $(WHEEL_VENV)/report.md

# Retrain the shipped name recognisers (src/newsledger/models/) from the NER
# corpora in $(SHARED); deterministic; 25-40 minutes per language on this shared
# 2-core machine under load (about 6 (de) and 10 (en) minutes of CPU;
# docs/models.md). The spaCy CNN compared there is not shipped: see
# python -m newsledger.train.ner_spacy for its recipe.
SHARED ?= ../shared
models: $(DEV_STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m newsledger.train.ner --shared $(SHARED) --out src/newsledger/models
