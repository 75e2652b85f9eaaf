"""Resolve a version the user asked for ("latest", a number or a name) to a known version."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.errors import ModelNotFoundError
from core.promotion.stages import STAGES


class VersionInfo(BaseModel):
    """What promotion needs to know about one model version (read from the model registry)."""

    name: str
    number: int
    stage: str | None = None
    gate_passed: bool | None = Field(None, description="None: the version has no gate result")
    holdout: dict[str, float] = Field(default_factory=dict)
    mlflow_version: str | None = None
    data_fingerprint: str | None = None


def _listing(versions: list[VersionInfo], limit: int = 12) -> str:
    ordered = sorted(versions, key=lambda v: v.number)
    shown = [f"{v.name} ({v.stage or 'no stage'})" for v in ordered[-limit:]]
    more = f" and {len(ordered) - limit} older" if len(ordered) > limit else ""
    return ", ".join(shown) + more


def resolve_version(model: str, requested: str, versions: list[VersionInfo]) -> VersionInfo:
    """`latest` = the newest version that passed the quality gate; else a number or a name.

    Raises `ModelNotFoundError` naming the versions that exist.
    """
    if not versions:
        raise ModelNotFoundError(
            f"model '{model}' has no versions yet: train one first "
            "(`python run.py --config configs/training.yaml`)"
        )
    wanted = (requested or "latest").strip()
    if wanted.lower() == "latest":
        passing = [v for v in versions if v.gate_passed]
        if not passing:
            raise ModelNotFoundError(
                f"model '{model}' has no version that passed the quality gate; existing versions: "
                f"{_listing(versions)} (name one explicitly, with force to override the gate)"
            )
        return max(passing, key=lambda v: v.number)
    for version in versions:
        if version.name == wanted or (wanted.isdigit() and version.number == int(wanted)):
            return version
    if wanted.lower() in STAGES:
        for version in versions:
            if version.stage == wanted.lower():
                return version
    raise ModelNotFoundError(
        f"model '{model}' has no version '{wanted}'; existing versions: {_listing(versions)}"
    )


def current_holder(versions: list[VersionInfo], stage: str) -> VersionInfo | None:
    """The version currently in `stage`, if any."""
    return next((v for v in versions if v.stage == stage), None)
