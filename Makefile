# Two commands for people: `make demo` and `make test` (see README.md).
# Every step below is idempotent; stamps under .make/ make a second run quick.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= geo_gov.settings

.PHONY: demo test deploy setup system-deps db migrate messages static demo-data serve lint check-migrations jstest pytest freeze clean

demo: setup demo-data serve

test: setup lint check-migrations jstest pytest

# Production on this Debian 12 server, as root: gunicorn under systemd behind nginx with TLS, its own
# PostgreSQL role and database (README "Deploying"). Again after `git pull` to upgrade.
#   make deploy SERVER_NAME=gis.wulidian.lan SERVER_IP=192.168.10.5 [TLS_CERT=… TLS_KEY=…]
deploy: system-deps $(VENV)/.installed node_modules/.installed
	SERVER_NAME="$(SERVER_NAME)" SERVER_IP="$(SERVER_IP)" TLS_CERT="$(TLS_CERT)" TLS_KEY="$(TLS_KEY)" \
	  HTTPS_PORT="$(HTTPS_PORT)" HTTP_PORT="$(HTTP_PORT)" bash geo_gov/deploy/deploy.sh

setup: system-deps $(VENV)/.installed node_modules/.installed db migrate messages static

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

# The English catalogues (locale/en/LC_MESSAGES/django.po and djangojs.po) compiled to .mo, which are
# not committed (a .mo newer than its .po is left alone). The walk skips the venv and npm's tree.
messages:
	$(PY) manage.py compilemessages -v 0 --ignore .venv --ignore node_modules --ignore staticfiles

static:
	$(PY) manage.py collectstatic --noinput -v 0

# Layers and accounts, then a year of synthetic cases (about 2.5 min the first time, seconds
# after), then the co-governance records that refer to both, then one pass of the notification
# worker so the accounts' inboxes show the last day (nothing is sent: no channel is on unless
# NOTIFY_EMAIL or NOTIFY_WEBHOOK_URL is set). Each step is idempotent.
demo-data:
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_complaints
	$(PY) manage.py load_demo_cogov
	$(PY) manage.py notify --once

serve:
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(VENV)/bin/gunicorn geo_gov.wsgi:application --bind 127.0.0.1:$(PORT) --workers 3 --access-logfile -

lint: node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	node_modules/.bin/eslint .

# The scripts' pure helpers under node's own test runner (tests/js/, mirroring map_ui/static/map_ui/).
jstest: node_modules/.installed
	node --test $$(find tests/js -name '*.test.js' | sort)

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
