# Opas: `make run` sets everything up and starts the assistant; `make test` sets up and runs the tests.
SHELL := /bin/sh
PY := .venv/bin/python
export RASA_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup validate test lookup bench clean

setup:
	@scripts/setup-venv

validate: setup
	$(PY) -m bot validate

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m tests.bench.lookup

clean:
	rm -rf .venv var models .pytest_cache
