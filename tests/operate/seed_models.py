"""Create model versions with the metadata training records (gate result, holdout metrics),
without training: for tests of promotion logic that do not need a model artifact."""

from __future__ import annotations

from typing import Any


def seed_versions(model: str, versions: list[dict[str, Any]]) -> list[str]:
    """Each dict: `roc_auc`, `passed`, optional `stage`. Returns the version names."""
    from zenml import log_metadata
    from zenml.client import Client

    client = Client()
    try:
        client.get_model(model)
    except KeyError:
        client.create_model(name=model)
    names = []
    for spec in versions:
        created = client.create_model_version(model_name_or_id=model)
        log_metadata(
            metadata={
                "holdout": {"roc_auc": spec["roc_auc"], "accuracy": 0.8},
                "quality_gate": {"passed": spec["passed"], "summary": "seeded"},
            },
            model_version_id=created.id,
        )
        if spec.get("stage"):
            client.update_model_version(model, created.id, stage=spec["stage"], force=True)
        names.append(str(created.name))
    return names
