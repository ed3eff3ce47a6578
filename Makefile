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

# Speed and cost under load against a plain `rasa init` bot; writes docs/benchmarks.md. FULL=1 also times a
# full training from scratch. OPAS_BENCH_USERS (1,8,32) and OPAS_BENCH_SECONDS (30) for a quick run.
bench: setup
	FULL=$(FULL) PYTHONPATH=. $(PY) -m tests.bench.speed

clean:
	rm -rf .venv var models .pytest_cache

.PHONY: generate train run shell
generate: setup
	$(PY) -m bot generate

train: setup
	@scripts/train >/dev/null

run: setup
	@model=$$(scripts/train) && exec $(PY) -m bot serve "$$model"

shell: setup
	@model=$$(scripts/train); \
	ACTION_ENDPOINT=http://127.0.0.1:$${ACTIONS_PORT:-5055}/webhook PYTHONPATH=. $(PY) -m rasa_sdk --actions actions --port $${ACTIONS_PORT:-5055} >var/actions.log 2>&1 & pid=$$!; \
	trap "kill $$pid" EXIT INT TERM; \
	ACTION_ENDPOINT=http://127.0.0.1:$${ACTIONS_PORT:-5055}/webhook .venv/bin/rasa shell --model "$$model" --endpoints endpoints.yml

# Quality on held-out data against baselines trained here (cached by their inputs), and cross-validation.
# OPAS_EVAL_FOLDS (3); for development only: OPAS_EVAL_EPOCHS (rasa init pipeline), OPAS_CV_EPOCHS, OPAS_EVAL_LIMIT.
.PHONY: eval
eval: setup
	PYTHONPATH=. $(PY) -m tests.bench.evaluate

# After changing knowledge/: regenerate the training data, validate everything, retrain only if inputs changed.
.PHONY: update
update: setup
	$(PY) -m bot validate
	$(PY) -m bot generate
	RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bin/rasa data validate --fail-on-warnings --config config.yml --domain domain.yml --data data
	@scripts/train >/dev/null

# Two Rasa servers behind nginx (PostgreSQL, Redis) under concurrent conversations; one sender flooding the bot.
.PHONY: bench-scaleout bench-flood
bench-scaleout: setup
	PYTHONPATH=. $(PY) -m tests.bench.scaleout

bench-flood: setup
	PYTHONPATH=. $(PY) -m tests.bench.flood
