"""Mirror ZenML Model Control Plane stages onto MLflow registry aliases (MLflow 3 has no stages)."""

from __future__ import annotations

# The same mapping ZenML's MLflow model registry uses, so either tool shows the same picture.
STAGE_TO_ALIAS = {"production": "champion", "staging": "staging", "archived": "archived"}


def mirror_stage_to_mlflow(
    model_name: str,
    mlflow_version: str,
    stage: str,
    tracking_uri: str | None = None,
    previous_stage: str | None = None,
) -> str | None:
    """Point the stage's alias at `mlflow_version`; drop the previous stage's alias if it
    pointed at the same version. Without `tracking_uri` the active MLflow URI is used."""
    from mlflow.tracking import MlflowClient

    alias = STAGE_TO_ALIAS.get(stage)
    if alias is None or not mlflow_version:
        return None
    client = MlflowClient(tracking_uri=tracking_uri)
    client.set_registered_model_alias(model_name, alias, mlflow_version)
    old_alias = STAGE_TO_ALIAS.get(previous_stage or "")
    if old_alias and old_alias != alias:
        registered = client.get_registered_model(model_name)
        if str(registered.aliases.get(old_alias)) == str(mlflow_version):
            client.delete_registered_model_alias(model_name, old_alias)
    return alias
