"""ZenML's integration check, once per process while no package changes.

ZenML activates its integrations at every pipeline compile and first checks, for each of its
~66 integrations, that the required packages are installed: about 0.2 s of parsing package
metadata per pipeline, the same answer each time. That answer changes only when packages are
installed or removed, which changes the modification time of a folder on `sys.path`; the
check runs again exactly then, so a process that runs several pipelines (`make run`, nightly,
watch) gets what ZenML alone would give it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

_MARK = "_loopstack_checks_once"


def paths_state() -> tuple[tuple[str, float], ...]:
    """Each existing folder on `sys.path` with its modification time."""
    state = []
    for entry in sys.path:
        try:
            state.append((entry, os.stat(entry or ".").st_mtime))
        except OSError:
            continue
    return tuple(state)


def check_integrations_once() -> None:
    """Make ZenML's integration activation skip its check while `paths_state()` is unchanged
    (idempotent)."""
    from zenml.integrations.registry import integration_registry

    if getattr(integration_registry, _MARK, False):
        return
    activate: Callable[[], None] = integration_registry.activate_integrations
    checked: tuple[tuple[str, float], ...] | None = None  # paths_state() at the last check

    def activate_when_packages_changed() -> None:
        nonlocal checked
        state = paths_state()
        if state == checked:
            return
        activate()
        checked = state

    replaced = activate_when_packages_changed
    setattr(integration_registry, "activate_integrations", replaced)  # noqa: B010 (a method)
    setattr(integration_registry, _MARK, True)
