# Tangkal — the two commands: `make run` (install, demo data, serve) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: install run serve test test-browser lint messages ci clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0
	$(PY) manage.py collectstatic --noinput --verbosity 0

## Install everything, migrate the embedded SQLite database, load demo data, serve on :8000 with the worker.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	bash scripts/serve.sh

serve:
	bash scripts/serve.sh

## The whole test suite (SQLite unless DATABASE_URL is set); browser tests run in `make test-browser`.
test: install
	$(VENV)/bin/pytest -m "not browser" -n 2 -q $(PYTEST_ARGS)

test-browser: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -m browser -p no:xdist -q $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check .

messages:
	cd tangkal && ../$(PY) ../manage.py makemessages -l en --ignore='*/tests/*' --no-obsolete

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var
