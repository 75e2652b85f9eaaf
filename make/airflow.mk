# airflow stack (included by the Makefile).

# Airflow tasks run in a directory of their own, not in the repo: the stacks get the Airflow
# home (and so their DAGs folder) as an absolute path, so that a run launched from inside a
# task (the drift retrain) writes its DAG where this Airflow reads it.
AIRFLOW_HOME_DIR := $(abspath $(or $(LOOPSTACK_AIRFLOW_HOME),.state/airflow))

## airflow-up / airflow-down: the real Airflow 3 behind the `airflow` stack (own venv and state
## in .state/airflow; port: `make airflow-up LOOPSTACK_AIRFLOW_PORT=8081`); `airflow-up` also
## registers and activates the `airflow` stack
.PHONY: airflow-up airflow-down
airflow-up airflow-down: export LOOPSTACK_AIRFLOW_HOME = $(AIRFLOW_HOME_DIR)
airflow-up: setup
	$(PY) run.py airflow up
	$(PY) run.py stack up airflow
airflow-down: setup
	$(PY) run.py airflow down
