"""ZenML's integration check runs once per process while no package is installed or removed,
and a step task activates the integrations at its first materializer registry read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from orchestration.integration_check import check_integrations_once, defer_step_activation

REPO = Path(__file__).resolve().parents[2]


def test_integrations_are_checked_again_only_when_a_package_folder_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zenml.integrations.integration import Integration
    from zenml.integrations.registry import integration_registry

    checks: list[str] = []
    original = Integration.check_installation.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Integration]) -> bool:
        checks.append(cls.NAME)
        return bool(original(cls))

    monkeypatch.setattr(Integration, "check_installation", classmethod(counted))
    check_integrations_once()
    check_integrations_once()  # idempotent: one wrapper

    integration_registry.activate_integrations()
    first = len(checks)
    integration_registry.activate_integrations()
    assert len(checks) == first  # nothing changed: no package metadata read again

    monkeypatch.syspath_prepend(str(tmp_path))  # a new folder of packages
    integration_registry.activate_integrations()
    second = len(checks)
    assert second > first
    integration_registry.activate_integrations()
    assert len(checks) == second

    (tmp_path / "new_package").mkdir()  # a package installed into it
    os.utime(tmp_path, (1, 1))
    integration_registry.activate_integrations()
    assert len(checks) > second


# What ZenML's step entrypoint does first (activate), then a step module defining a
# materializer, then the registry's answers; printed for the test to compare.
STEP_PROCESS = """
import json, sys
from zenml.integrations.registry import integration_registry
from zenml.materializers.materializer_registry import materializer_registry
from orchestration.integration_check import defer_step_activation

if sys.argv[1] == "deferred":
    defer_step_activation()
integration_registry.activate_integrations()
import steps  # defines and registers the project's DataFrame materializer
import pandas as pd

loaded = lambda: sorted(m for m in sys.modules if m.startswith("zenml.integrations.sklearn."))
before = loaded()
frame = materializer_registry[pd.DataFrame].__name__
types = {str(k): v.__name__ for k, v in materializer_registry.get_materializer_types().items()}
print(json.dumps({"before": before, "after": loaded(), "frame": frame, "types": types}))
"""


def _registry_in_a_step_process(mode: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", STEP_PROCESS, mode],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    answer: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return answer


def test_a_step_activates_integrations_at_its_first_registry_read_with_zenmls_result() -> None:
    eager = _registry_in_a_step_process("eager")
    deferred = _registry_in_a_step_process("deferred")
    assert eager["before"] and not deferred["before"]  # nothing imported before a read
    assert deferred["after"] == eager["after"]  # the first read activated them all
    assert deferred["types"] == eager["types"]  # the same materializer for every type
    assert deferred["frame"] == eager["frame"] == "ZstdParquetMaterializer"


def test_after_the_deferred_call_an_explicit_activation_runs_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pipeline compiled inside a step (the drift retrain) activates as ZenML does."""
    from zenml.integrations.registry import integration_registry
    from zenml.materializers.materializer_registry import (
        MaterializerRegistry,
        materializer_registry,
    )

    activations: list[str] = []
    monkeypatch.setattr(
        integration_registry, "activate_integrations", lambda: activations.append("zenml")
    )
    try:
        defer_step_activation()
        integration_registry.activate_integrations()  # the step entrypoint's call: deferred
        assert activations == [] and type(materializer_registry) is not MaterializerRegistry
        integration_registry.activate_integrations()  # a compile: at once
        assert activations == ["zenml"] and type(materializer_registry) is MaterializerRegistry
        integration_registry.activate_integrations()  # and every call after it, as in ZenML
        assert activations == ["zenml", "zenml"]
    finally:
        materializer_registry.__class__ = MaterializerRegistry
