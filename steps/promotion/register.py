"""Register the selected model: a ZenML model version (the source of truth) and MLflow."""

from typing import Annotated, Any

from sklearn.pipeline import Pipeline
from zenml import get_step_context, log_metadata, step

from core.data.schema import TableSchema
from core.features.spec import FeatureTransform
from core.metadata_keys import DATA_FINGERPRINT, HOLDOUT, MLFLOW_REGISTERED_VERSION, QUALITY_GATE
from core.modeling.gate import GateResult

ARTIFACT_TAG = "zenml_model_artifact"


@step(experiment_tracker=True, enable_cache=False)
def register_model(
    model: Pipeline,
    holdout_metrics: dict[str, float],
    gate_result: GateResult,
    table_schema: TableSchema,
    feature_transform: FeatureTransform,
    source_fingerprint: str,
    provenance: dict[str, Any],
) -> Annotated[str, "mlflow_model_version"]:
    """Log the model to MLflow (`models:/m-...`), register it, record lineage on the ZenML version.

    `feature_transform` (also an artifact of the version) is what inference applies to raw
    batches. Registered even when the quality gate failed: the version is kept for inspection,
    it is just never promoted. A cached re-run hands this step the same model artifact again:
    its MLflow version is reused (found by the artifact id tag) instead of logged twice.
    """
    context = get_step_context()
    name = context.model.name
    artifact_id = str(context.inputs["model"][0].id)
    registered = _registered_for_artifact(name, artifact_id, gate_result)
    reused = registered is not None
    if registered is None:
        registered = _log_and_register(model, name, artifact_id, gate_result)
    log_metadata(
        metadata={
            "mlflow_model_uri": registered.source,
            MLFLOW_REGISTERED_VERSION: str(registered.version),
            "mlflow_version_reused": reused,
            DATA_FINGERPRINT: source_fingerprint,
            "data_source": table_schema.source,
            "features": {"numeric": table_schema.numeric, "categorical": table_schema.categorical},
            "classes": [str(c) for c in table_schema.classes],
            "feature_transform": feature_transform.model_dump(mode="json"),
            HOLDOUT: holdout_metrics,
            QUALITY_GATE: {
                "passed": gate_result.passed,
                "summary": gate_result.summary,
            },
            **provenance,
        },
        infer_model=True,
    )
    return str(registered.version)


def _registered_for_artifact(name: str, artifact_id: str, gate: GateResult) -> Any:
    """The MLflow model version already registered for this ZenML model artifact, if any
    (its quality-gate tag is brought up to date: the gate config may have changed)."""
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    found = client.search_model_versions(f"name='{name}' and tags.{ARTIFACT_TAG}='{artifact_id}'")
    if not found:
        return None
    first = min(found, key=lambda version: int(version.version))
    client.set_model_version_tag(name, first.version, "quality_gate", str(gate.passed))
    return first


def _log_and_register(model: Pipeline, name: str, artifact_id: str, gate: GateResult) -> Any:
    import mlflow

    info = mlflow.sklearn.log_model(
        model,
        name="model",
        skops_trusted_types=own_model_types(model),
        pip_requirements=model_requirements(),  # skips MLflow's slow inference (~5 CPU-s a run)
    )
    tags = {
        "zenml_model_version": str(get_step_context().model.version),
        ARTIFACT_TAG: artifact_id,
        "quality_gate": str(gate.passed),
    }
    return mlflow.register_model(info.model_uri, name, tags=tags)


def own_model_types(model: Pipeline) -> list[str]:
    """Types in a model this run just trained, which MLflow's skops format must be told to trust
    (our column transformer, tree predictors of some estimators, numpy dtypes)."""
    import skops.io

    return list(skops.io.get_untrusted_types(data=skops.io.dumps(model)))


def model_requirements() -> list[str]:
    """What loading the model needs, pinned to the versions that trained it (the model also
    references `core.modeling.features`, so load it from the project's environment)."""
    from importlib.metadata import version

    return [f"{name}=={version(name)}" for name in ("scikit-learn", "pandas", "numpy", "skops")]
