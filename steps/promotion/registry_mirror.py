"""Mirror ZenML Model Control Plane stages onto MLflow registry aliases (MLflow 3 has no stages)."""

from __future__ import annotations

# The same mapping ZenML's MLflow model registry uses, so either tool shows the same picture.
STAGE_TO_ALIAS = {"production": "champion", "staging": "staging", "archived": "archived"}


def mirror_stage_to_mlflow(model_name: str, mlflow_version: str, stage: str) -> str | None:
    """Point the stage's alias at `mlflow_version`; needs an active MLflow tracking URI."""
    from mlflow.tracking import MlflowClient

    alias = STAGE_TO_ALIAS.get(stage)
    if alias is None or not mlflow_version:
        return None
    MlflowClient().set_registered_model_alias(model_name, alias, mlflow_version)
    return alias
