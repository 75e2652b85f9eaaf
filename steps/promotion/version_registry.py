"""Read model versions from the ZenML Model Control Plane as plain `VersionInfo` records."""

from __future__ import annotations

from typing import Any

from core.errors import ModelNotFoundError
from core.metadata_keys import DATA_FINGERPRINT, HOLDOUT, MLFLOW_REGISTERED_VERSION, QUALITY_GATE
from core.promotion.versions import VersionInfo

MAX_VERSIONS = 200


def _gate_passed(version: Any, metadata: dict[str, Any]) -> bool | None:
    gate = metadata.get(QUALITY_GATE)
    if isinstance(gate, dict) and "passed" in gate:
        return bool(gate["passed"])
    artifact = version.get_artifact("gate_result")  # versions trained before the metadata key
    if artifact is None:
        return None
    return bool(artifact.load().get("passed"))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def read_versions(model: str) -> list[VersionInfo]:
    """Every version of `model` (newest `MAX_VERSIONS`) with stage, gate and holdout metrics."""
    from zenml.client import Client

    client = Client()
    try:
        client.get_model(model)
    except KeyError:
        names = ", ".join(m.name for m in client.list_models(size=50)) or "none"
        raise ModelNotFoundError(f"model '{model}' does not exist; known models: {names}") from None
    page = client.list_model_versions(model, sort_by="desc:number", size=MAX_VERSIONS, hydrate=True)
    infos = []
    for version in page.items:
        metadata = dict(version.run_metadata)
        stage = str(version.stage) if version.stage else None
        holdout = metadata.get(HOLDOUT)
        holdout = holdout if isinstance(holdout, dict) else {}
        infos.append(
            VersionInfo(
                name=str(version.name),
                number=int(version.number),
                stage=None if stage in (None, "none", "None") else stage,
                gate_passed=_gate_passed(version, metadata),
                holdout={k: float(v) for k, v in holdout.items() if isinstance(v, int | float)},
                mlflow_version=_text(metadata.get(MLFLOW_REGISTERED_VERSION)),
                data_fingerprint=_text(metadata.get(DATA_FINGERPRINT)),
            )
        )
    return infos


def mlflow_tracking_uri() -> str | None:
    """The active stack's MLflow tracking URI, or None when the stack has no MLflow tracker."""
    from zenml.client import Client

    tracker = Client().active_stack.experiment_tracker
    if tracker is None or tracker.flavor != "mlflow":
        return None
    return str(tracker.get_tracking_uri())  # type: ignore[attr-defined]
