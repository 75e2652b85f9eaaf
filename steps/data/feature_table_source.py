"""Find a feature table version (`data.source: artifact:<name>[:<version>]`) in ZenML.

Called inside steps (the lookup there links the artifact as a step input: lineage) and by
run.py before a run, so a wrong name or version is a one-line error up front.
"""

from __future__ import annotations

from typing import Any

from core.data.artifact_source import parse_artifact_source, unknown_table_message
from core.errors import DataError

MAX_LISTED = 50


def existing_versions(name: str) -> list[str]:
    """Versions of artifact `name`, oldest first (at most the newest `MAX_LISTED`)."""
    from zenml.client import Client

    page = Client().list_artifact_versions(name=name, sort_by="desc:created", size=MAX_LISTED)
    return [str(v.version) for v in reversed(page.items)]


def resolve_feature_table(source: str) -> Any:
    """The ZenML artifact version `source` names; `DataError` naming the versions that exist."""
    from zenml.client import Client

    name, version = parse_artifact_source(source)
    try:
        return Client().get_artifact_version(name, version)
    except KeyError:
        raise DataError(unknown_table_message(name, version, existing_versions(name))) from None


def table_reference(artifact: Any) -> dict[str, Any]:
    """What a run records about the feature table it read."""
    return {
        "name": str(artifact.name),
        "version": str(artifact.version),
        "id": str(artifact.id),
        "data_fingerprint": artifact.run_metadata.get("data_fingerprint"),
    }
