# local-services stack (included by the Makefile).

## services-up / services-down: the local-services stack's real servers on 127.0.0.1
## (SeaweedFS S3, MLflow, ZenML; ports: LOOPSTACK_S3_PORT/MLFLOW_PORT/ZENML_PORT; state: .state/services)
.PHONY: services-up services-down
services-up: setup $(VENV)/.group-services
	$(PY) run.py services up
	$(PY) run.py stack up local-services

services-down: setup
	$(PY) run.py services down
