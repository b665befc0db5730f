# Two commands: `make run` serves the demo site, `make test` runs the whole suite.
# Both need only Python 3.11+ and make; everything else goes into .venv.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is the local demo server: debug pages on, static files served by Django.
RUN_ENV ?= DJANGO_DEBUG=1

.PHONY: run test faults install install-test migrate seed translations static serve worker beat lint format bench clean e2e-browser

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations: install
	$(PY) manage.py compile_translations

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: translations seed static
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
		echo "Starting a Celery worker and beat on $$CELERY_BROKER_URL"; \
		$(RUN_ENV) $(VENV)/bin/celery -A cms worker --beat --loglevel INFO --concurrency 2 & \
	fi; \
	echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"; \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A cms worker --loglevel INFO

beat: install
	$(VENV)/bin/celery -A cms beat --loglevel INFO

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install-test translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Fault tests: tests/reliability on PostgreSQL and Redis with a real Celery worker, plus the slow
# `fault` ones (a throwaway PostgreSQL cluster restarted under load). Needs both services up;
# DATABASE_URL, CELERY_BROKER_URL and CACHE_URL from the environment win over these defaults.
faults: install-test
	QNOI_FAULTS=1 \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/qnoi_faults}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/14}" \
	CACHE_URL="$${CACHE_URL:-redis://127.0.0.1:6379/15}" \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-faults-only-secret-key-not-used-anywhere-else-0123456789}" \
	$(VENV)/bin/pytest tests/reliability $(PYTEST_ARGS)

bench: install-test
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis test-results
