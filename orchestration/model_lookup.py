"""The model version a scoring run pins: it must exist, sit in the stage, and still have its
files; one-line errors say how to get one."""

from __future__ import annotations

from typing import Any

from core.errors import ModelNotFoundError


def require_model_version(model_name: str, stage: str) -> Any:
    """The version in `stage` (ZenML's record of it), or a clear error telling the user how to
    get one."""
    from zenml.client import Client

    try:
        return Client().get_model_version(model_name, stage)
    except KeyError:
        pass
    try:
        Client().get_model(model_name)
    except KeyError:
        raise ModelNotFoundError(
            f"model '{model_name}' does not exist yet: train it first with "
            "`python run.py --config configs/training.yaml`"
        ) from None
    raise ModelNotFoundError(
        f"model '{model_name}' has no {stage} version: train a model that passes the gate "
        f"(`python run.py --config configs/training.yaml`) or promote one "
        f"(`zenml model version update {model_name} <version> --stage {stage}`)"
    )


def require_model_files(version: Any, stage: str) -> dict[str, Any]:
    """The artifacts a scoring run reads from `version` (None where the version has none); their
    files must still exist (an artifact store that lost them would otherwise fail inside the run
    with a raw load error)."""
    from integrations.artifact_files import first_missing

    names = ("table_schema", "train_data", "clean_data", "feature_transform")
    found = {"model": version.get_model_artifact("model")}
    found.update((name, version.get_artifact(name)) for name in names)
    missing = first_missing(list(found.values()))
    if missing is not None:
        raise ModelNotFoundError(
            f"the {stage} model {version.model.name} version {version.name}'s artifacts are "
            f"missing ({missing}); train a replacement with `python run.py --config "
            "configs/training.yaml --set promotion.policy=always`"
        )
    return found


def transform_recorded(version: Any, artifacts: dict[str, Any] | None = None) -> bool:
    """Whether a model version (ZenML's record) carries a `feature_transform` artifact (versions
    trained before it was recorded do not; they score raw batches as before). `artifacts`, as
    `require_model_files` returned them, saves asking the store again."""
    if artifacts is not None:
        return artifacts.get("feature_transform") is not None
    return version.get_artifact("feature_transform") is not None
