# loopstack: the two commands you need are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(PYTHON) -m uv
endif

export ZENML_ANALYTICS_OPT_IN ?= false
export ZENML_ENABLE_RICH_TRACEBACK ?= false
export AUTO_OPEN_DASHBOARD ?= false

.PHONY: setup setup-dev run test test-fast lint typecheck clean loop browser-deps serve-promotion bench bench-full bench-quick help

## setup: create .venv from the committed lockfile with the main dependencies only: what the
## embedded stack needs (installs uv with pip if missing). Targets that need a dependency group
## (pyproject.toml) sync it on top (.venv/.group-<name>); a re-sync after a lock change keeps them.
SYNCED_GROUPS := $(patsubst $(VENV)/.group-%,%,$(wildcard $(VENV)/.group-*))
group_flags = $(foreach g,$(1),$(if $(filter all,$(g)),--all-groups,--group $(g)))

UV_SYNC_FLAGS ?= --compile-bytecode
$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen $(UV_SYNC_FLAGS) --python $(PYTHON) $(call group_flags,$(SYNCED_GROUPS))
	@touch $@

$(VENV)/.group-%: $(VENV)/.synced
	$(UV) sync --frozen $(UV_SYNC_FLAGS) --inexact --python $(PYTHON) $(call group_flags,$*)
	@touch $@

.zen: | $(VENV)/.synced
	$(VENV)/bin/zenml init

setup: $(VENV)/.synced .zen

## setup-dev: setup plus every dependency group (tests, lint, browser, bench, the stacks')
setup-dev: setup $(VENV)/.group-all

## Targets that need a group sync it first (their recipes are below and in make/*.mk).
test test-fast: setup-dev
lint: $(VENV)/.group-dev
typecheck: setup-dev
bench bench-full bench-quick: $(VENV)/.group-bench

## run: the default job on the embedded stack: bring it up (register or update, activate), train,
## score a new batch, check drift, all in one process (ZenML, MLflow, Evidently imported once)
run: setup
	$(PY) run.py --stack local --config configs/training.yaml \
		--config configs/batch_inference.yaml --config configs/monitoring.yaml

## loop: demo of the closed loop: drift from batch 3 of 6 retrains and promotes a new model,
## on the embedded stack or any other (`make loop STACK=airflow` once `make airflow-up` ran)
STACK ?= local
loop: setup
	$(PY) run.py stack up $(STACK)
	$(PY) -m cli.loop_demo --batches 6 --drift-from 3

## browser-deps: Chromium for the dashboard test (Playwright drives it; idempotent): Debian's
## chromium as root, else `playwright install chromium`; if neither works the test is skipped
browser-deps: setup-dev
	@$(PY) -m tests.tools

## serve-promotion: deploy the promotion pipeline for the dashboard's Deployments -> Playground
serve-promotion: setup
	$(PY) run.py serve-promotion

## test: the whole suite (CI runs this): the server suites and the rest as two pytest sessions
## side by side, the rest in a copy of the tree (tests/parallel.py); TEST_JOBS=1: one session
TEST_JOBS ?= 2
test: setup prometheus-deps browser-deps
	$(PY) -m tests.parallel --jobs $(TEST_JOBS)

## test-fast: everything that needs no server
test-fast: setup prometheus-deps
	$(PY) -m pytest -m "not server"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy

## bench: the benchmark suite (bench/README.md); writes bench/results/results.md + .png
bench: setup
	$(PY) -m bench

## bench-full: the same, with every figure repeated 3 times (about twice as long)
bench-full: setup
	$(PY) -m bench --full

## bench-quick: a smoke run of every case on tiny data (1 repetition)
bench-quick: setup
	$(PY) -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache outputs

## help: list the documented targets (from the `## target: text` comments here and in make/*.mk)
help:
	@awk '/^## [a-z][a-z0-9 \/-]*: /{if(t)print t;t=substr($$0,4);next} t&&/^## /{t=t" "substr($$0,4);next} t{print t;t=""} END{if(t)print t}' $(MAKEFILE_LIST)

.PHONY: prometheus-deps observe-up observe-down

## prometheus-deps: Debian prometheus + promtool for the observe tests (idempotent, service kept
## off); without root and apt-get it prints how to install them and the tests needing them skip
prometheus-deps:
	@bash observe/prometheus-deps.sh

## observe-up / observe-down: metrics exporter + Prometheus with the shipped rules, on 127.0.0.1
observe-up: setup prometheus-deps
	@bash observe/observe.sh up

observe-down:
	@bash observe/observe.sh down

## Targets of the optional stacks live in make/<stack>.mk (a generated project has only the
## fragments of the stacks it selected): services-up/-down, airflow-up/-down,
## airflow-services-up/-down, kubeflow-compile.
include $(sort $(wildcard make/*.mk))
