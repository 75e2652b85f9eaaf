# airflow stack (included by the Makefile).

## airflow-up / airflow-down: the real Airflow 3 behind the `airflow` stack (own venv and state
## in .state/airflow; port: `make airflow-up LOOPSTACK_AIRFLOW_PORT=8081`); `airflow-up` also
## registers and activates the `airflow` stack
.PHONY: airflow-up airflow-down
airflow-up: setup
	$(PY) run.py airflow up
	$(PY) run.py stack up airflow
airflow-down: setup
	$(PY) run.py airflow down
