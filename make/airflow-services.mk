# airflow-services stack (included by the Makefile; needs make/airflow.mk and make/local-services.mk).

## airflow-services-up / airflow-services-down: the local Airflow orchestrating runs on the
## local services (S3, MLflow, ZenML server): starts both, registers and activates the stack
.PHONY: airflow-services-up airflow-services-down
airflow-services-up: setup $(VENV)/.group-services
	$(PY) run.py services up
	$(PY) run.py airflow up
	$(PY) run.py stack up airflow-services

airflow-services-down: setup
	$(PY) run.py airflow down
	$(PY) run.py services down
