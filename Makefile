# surveyapp — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: run test lint format bench install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "surveyapp needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=78.1.1"  # the venv's 65.5.0 has advisories
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

## Create the venv, migrate the SQLite database, load the demo and serve on http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@# The mail worker runs beside the web server, as in production; mails land in instance/mail/.
	$(BIN)/flask mail worker --interval 5 & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## Install what the tests need and run the whole suite (DATABASE_URL=postgresql://… for PostgreSQL)
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	@for f in bench/[a-z]*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done
	@echo "== bench/web.py at 30,000 responses x 35 answers (the evaluator side at 1M answers)"
	$(BIN)/python bench/web.py --responses 30000 --seconds 2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
