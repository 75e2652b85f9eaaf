# kubeflow stack (included by the Makefile).

## kubeflow-compile: compile every pipeline's KFP spec and validate it (outputs/kubeflow/)
.PHONY: kubeflow-compile
kubeflow-compile: setup $(VENV)/.group-kubeflow
	$(PY) run.py kubeflow compile
