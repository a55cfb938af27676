# Two commands for people: `make demo` and `make test` (see README.md).
# Every step below is idempotent; stamps under .make/ make a second run quick.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= geo_gov.settings

.PHONY: demo test setup system-deps db migrate static demo-data serve lint check-migrations pytest freeze clean

demo: setup demo-data serve

test: setup lint check-migrations pytest

setup: system-deps $(VENV)/.installed node_modules/.installed db migrate static

system-deps:
	@bash geo_gov/scripts/system_deps.sh

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

db:
	@bash geo_gov/scripts/ensure_postgis.sh

migrate:
	$(PY) manage.py migrate --noinput -v 0

static:
	$(PY) manage.py collectstatic --noinput -v 0

# Layers and accounts, then a year of synthetic cases (about 2.5 min the first time, seconds
# after), then the co-governance records that refer to both. Each step is idempotent.
demo-data:
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_complaints
	$(PY) manage.py load_demo_cogov

serve:
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(VENV)/bin/gunicorn geo_gov.wsgi:application --bind 127.0.0.1:$(PORT) --workers 3 --access-logfile -

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check-migrations:
	$(PY) manage.py makemigrations --check --dry-run -v 1

pytest:
	$(VENV)/bin/pytest -q

# Re-pin requirements.txt after changing a top-level dependency in the venv.
freeze:
	{ echo '# Pinned with == (pip freeze of the top-level needs below). Regenerate with: make freeze'; \
	  $(PY) -m pip freeze; } > requirements.txt

clean:
	rm -rf $(VENV) node_modules staticfiles .make
