"""ZenML's integration check runs once per process while no package is installed or removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from orchestration.integration_check import check_integrations_once


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
