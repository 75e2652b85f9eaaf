"""Repair the MLflow alias of a stage from ZenML's record (the source of truth).

An MLflow store deleted between runs comes back empty: the `champion` alias and even the
registered version of the production model are gone. The training run's promotion step calls
`repair_stage_alias`: it points the alias at the stage holder's MLflow version again, or
registers the holder's model anew when that version is gone, and says so in one line.
"""

from __future__ import annotations

from typing import Any

from core.metadata_keys import MLFLOW_REGISTERED_VERSION
from steps.promotion.register import ARTIFACT_TAG, model_requirements, own_model_types
from steps.promotion.registry_mirror import STAGE_TO_ALIAS


def repair_stage_alias(model: str, stage: str) -> str | None:
    """Make MLflow's alias of `stage` point at the version ZenML has in `stage`; a line saying
    what was repaired, or None when nothing was missing (or there is no holder)."""
    from mlflow.exceptions import MlflowException
    from mlflow.tracking import MlflowClient
    from zenml.client import Client

    alias = STAGE_TO_ALIAS.get(stage)
    try:
        holder = Client().get_model_version(model, stage)
    except KeyError:
        return None
    if alias is None:
        return None
    artifact_ids = {
        str(artifact_id)
        for versions in holder.model_artifact_ids.values()
        for artifact_id in versions.values()
    }
    client = MlflowClient()
    try:
        current = client.get_model_version_by_alias(model, alias)
        if current.tags.get(ARTIFACT_TAG) in artifact_ids:
            return None
    except MlflowException:
        pass  # no alias, or no registered model at all
    found = [
        version
        for artifact_id in sorted(artifact_ids)
        for version in client.search_model_versions(
            f"name='{model}' and tags.{ARTIFACT_TAG}='{artifact_id}'"
        )
    ]
    if found:
        version = str(min(int(v.version) for v in found))
        client.set_registered_model_alias(model, alias, version)
        return f"MLflow alias '{alias}' of {model} restored: version {version} ({holder.name})"
    again = _register_again(holder, model)
    if again is None:
        return None
    client.set_registered_model_alias(model, alias, again)
    return (
        f"MLflow alias '{alias}' of {model} restored: {stage} version {holder.name} was missing "
        f"from MLflow and is registered again as version {again}"
    )


def _register_again(holder: Any, model: str) -> str | None:
    """Log and register the holder's model artifact in MLflow; record the new MLflow version on
    the ZenML version. None when the holder has no model artifact to register."""
    import mlflow
    from zenml import log_metadata

    artifact = holder.get_model_artifact("model")
    if artifact is None:
        return None
    estimator = artifact.load()
    info = mlflow.sklearn.log_model(
        estimator,
        name="model",
        skops_trusted_types=own_model_types(estimator),
        pip_requirements=model_requirements(),
    )
    tags = {
        "zenml_model_version": str(holder.name),
        ARTIFACT_TAG: str(artifact.id),
        "re_registered": "true",
    }
    registered = mlflow.register_model(info.model_uri, model, tags=tags)
    metadata: dict[str, Any] = {MLFLOW_REGISTERED_VERSION: str(registered.version)}
    log_metadata(metadata=metadata, model_name=model, model_version=str(holder.name))
    return str(registered.version)
