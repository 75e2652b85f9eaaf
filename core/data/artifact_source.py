"""`data.source: artifact:<name>[:<version>]`: a feature table saved by the feature pipeline.

Plain parsing and messages; the ZenML lookup lives in steps/data/feature_table_source.py.
"""

from __future__ import annotations

import re

from core.errors import DataError

PREFIX = "artifact:"
_PATTERN = re.compile(r"^artifact:(?P<name>[A-Za-z][A-Za-z0-9_\-]*)(?::(?P<version>[^:\s]+))?$")


def is_artifact_source(source: str) -> bool:
    return source.startswith(PREFIX)


def parse_artifact_source(source: str) -> tuple[str, str | None]:
    """(name, version or None for the latest) of an `artifact:` source."""
    match = _PATTERN.match(source)
    if match is None:
        raise DataError(
            f"{source}: data.source must look like artifact:<name> or artifact:<name>:<version>"
        )
    return match["name"], match["version"]


def unknown_table_message(name: str, version: str | None, existing: list[str]) -> str:
    """One line: what was asked for, the versions that exist, how to fix it."""
    if not existing:
        return (
            f"artifact:{name}: no feature table named '{name}'; write one with "
            "`python run.py --config configs/feature.yaml` (features.name) or fix data.source"
        )
    asked = f"artifact:{name}:{version}" if version else f"artifact:{name}"
    return (
        f"{asked}: feature table '{name}' has no version {version!r}; existing versions: "
        f"{', '.join(existing)} (set data.source to artifact:{name}:<version>)"
    )
