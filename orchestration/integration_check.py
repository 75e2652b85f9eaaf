"""ZenML's integration activation, once per process and, in a step task, when first needed.

ZenML activates its integrations at every pipeline compile and first checks, for each of its
~66 integrations, that the required packages are installed: about 0.2 s of parsing package
metadata per pipeline, the same answer each time. That answer changes only when packages are
installed or removed, which changes the modification time of a folder on `sys.path`; the
check runs again exactly then, so a process that runs several pipelines (`make run`, nightly,
watch) gets what ZenML alone would give it (`check_integrations_once`).

ZenML's step entrypoint also activates every installed integration before the step, so each
Airflow task imports MLflow, scikit-learn and Pillow (about 3 s) whether its step uses them or
not (MLflow also comes with the stack's MLflow components; the other two need not).
Activation only registers materializers, and a task reads the registry only for an output
compiled without one (`Any`) or a `save_artifact` call. `defer_step_activation` moves ZenML's
activation to that first read; a step that never reads the registry skips it, and one that
does gets the same registry as ZenML's eager activation. Stdlib only at import (the Airflow
entrypoint loads this before the run's code).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

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


def defer_step_activation() -> None:
    """Make ZenML's next `activate_integrations()` (the step entrypoint's) wait until the
    materializer registry is first read; any other call activates at once, as in ZenML."""
    from zenml.integrations.registry import integration_registry
    from zenml.materializers.materializer_registry import (
        MaterializerRegistry,
        materializer_registry,
    )

    activate_now: Callable[[], None] = integration_registry.activate_integrations
    registering = False  # a registration (a materializer class being defined) is not a read

    @contextmanager
    def registration() -> Iterator[None]:
        nonlocal registering
        registering = True
        try:
            yield
        finally:
            registering = False

    def activate() -> None:
        materializer_registry.__class__ = MaterializerRegistry
        setattr(integration_registry, "activate_integrations", activate_now)  # noqa: B010
        activate_now()

    class ActivatingOnRead(MaterializerRegistry):
        """ZenML's registry whose first read activates the integrations."""

        @property
        def materializer_types(self) -> dict[type[Any], Any]:
            if not registering:
                activate()
            types: dict[type[Any], Any] = self.__dict__["materializer_types"]
            return types

        @materializer_types.setter
        def materializer_types(self, types: dict[type[Any], Any]) -> None:
            self.__dict__["materializer_types"] = types

        def register_materializer_type(self, key: type[Any], type_: Any) -> None:
            with registration():
                super().register_materializer_type(key, type_)

        def register_and_overwrite_type(self, key: type[Any], type_: Any) -> None:
            with registration():
                super().register_and_overwrite_type(key, type_)

        def __getitem__(self, key: type[Any]) -> Any:
            activate()
            return materializer_registry[key]

        def get_default_materializer(self) -> Any:
            activate()
            return materializer_registry.get_default_materializer()

        def get_materializer_types(self) -> dict[type[Any], Any]:
            activate()
            return materializer_registry.get_materializer_types()

    def defer() -> None:
        setattr(integration_registry, "activate_integrations", activate)  # noqa: B010
        materializer_registry.__class__ = ActivatingOnRead

    setattr(integration_registry, "activate_integrations", defer)  # noqa: B010
