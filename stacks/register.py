"""Register, update and activate ZenML stacks from the YAML files in `stacks/`.

The files use the `zenml stack export` / `zenml stack import` format with working defaults
written inline. Unlike `zenml stack import`, `stack_up` is idempotent (existing components
with the same name and flavor are updated in place, so it can run on every `make run`) and
applies each file's `environment_overrides` (stacks/overrides.py).
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.errors import ConfigError
from integrations import alerts_included
from stacks.overrides import OVERRIDES_KEY, absolute_paths, apply_overrides

STACKS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ComponentSpec:
    type: str
    name: str
    flavor: str
    configuration: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StackSpec:
    name: str
    path: Path
    components: list[ComponentSpec]


def _stack_path(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml"):
        return candidate
    return STACKS_DIR / f"{name_or_path}.yaml"


def has_stack_file(name_or_path: str) -> bool:
    """Whether `stack_file` finds a file for `name_or_path`."""
    return _stack_path(name_or_path).is_file()


def stack_file(name_or_path: str) -> Path:
    """Resolve `local` to `stacks/local.yaml`; a path is taken as is."""
    path = _stack_path(name_or_path)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in STACKS_DIR.glob("*.yaml")))
        raise ConfigError(f"{path}: no such stack file; known stacks: {known}")
    return path


def _services_support() -> Any:
    """`servers.local_services.stack_support`; None in a project without local services."""
    module = "servers.local_services.stack_support"
    return (
        importlib.import_module(module)
        if importlib.util.find_spec("servers.local_services")
        else None
    )


def override_values() -> dict[str, str]:
    """Variables for `environment_overrides`: the environment, else the running services."""
    support = _services_support()
    recorded = support.stack_environment() if support else {}
    return {**recorded, **os.environ}


def read_stack_spec(name_or_path: str, values: Mapping[str, str] | None = None) -> StackSpec:
    """Parse a stack YAML with its overrides applied (`values`: default `override_values()`);
    errors name the file and the offending entry."""
    path = stack_file(name_or_path)
    data = yaml.safe_load(path.read_text()) or {}
    missing = [key for key in ("stack_name", "zenml_version", "components") if key not in data]
    if missing:
        raise ConfigError(f"{path}: needs {', '.join(missing)} (zenml stack export format)")
    components = []
    for ctype, entries in data["components"].items():
        for entry in entries if isinstance(entries, list) else [entries]:
            try:
                components.append(
                    ComponentSpec(
                        type=entry.get("type", ctype),
                        name=entry["name"],
                        flavor=entry["flavor"],
                        configuration=copy.deepcopy(dict(entry.get("configuration") or {})),
                    )
                )
            except (KeyError, AttributeError):
                raise ConfigError(
                    f"{path}: components.{ctype}: each entry needs name and flavor"
                ) from None
    configurations = {c.name: c.configuration for c in components}
    apply_overrides(
        path,
        configurations,
        data.get(OVERRIDES_KEY),
        override_values() if values is None else values,
    )
    for configuration in configurations.values():
        absolute_paths(configuration)
    return StackSpec(name=str(data["stack_name"]), path=path, components=components)


def stack_up(name_or_path: str, activate: bool = True) -> list[str]:
    """Create or update every component and the stack itself; return what was done."""
    from zenml.client import Client
    from zenml.enums import StackComponentType

    spec = read_stack_spec(name_or_path)
    client = Client()
    support = _services_support()
    configurations = [(c.name, c.configuration) for c in spec.components]
    problems = support.prepare_stack(client, configurations) if support else []
    if problems:
        raise ConfigError(f"stack '{spec.name}' is not ready: " + "; ".join(problems))
    done: list[str] = []
    if any(c.flavor == "webhook" for c in spec.components):  # our own alerter flavor
        if alerts_included():
            from integrations.webhook_alerter.register import ensure_webhook_flavor

            ensure_webhook_flavor()
        else:
            raise ConfigError(
                f"{spec.path}: flavor 'webhook' is not part of this project (generated with "
                "alerts off); remove the alerter or run `copier update --data alerts=true`"
            )
    component_ids: dict[StackComponentType, list[Any]] = {}
    for comp in spec.components:
        ctype = StackComponentType(comp.type)
        existing = _find_component(client, ctype, comp.name)
        if existing is None:
            created = client.create_stack_component(
                name=comp.name,
                flavor=comp.flavor,
                component_type=ctype,
                configuration=comp.configuration,
            )
            component_ids.setdefault(ctype, []).append(created.id)
            done.append(f"registered {comp.type} '{comp.name}' ({comp.flavor})")
            continue
        if existing.flavor_name != comp.flavor:
            raise ConfigError(
                f"{spec.path}: {comp.type} '{comp.name}' already exists with flavor "
                f"'{existing.flavor_name}', not '{comp.flavor}'; rename it in the file or "
                f"run `zenml {comp.type.replace('_', '-')} delete {comp.name}`"
            )
        if dict(existing.configuration) != comp.configuration:
            client.update_stack_component(comp.name, ctype, configuration=comp.configuration)
            done.append(f"updated {comp.type} '{comp.name}'")
        component_ids.setdefault(ctype, []).append(existing.id)

    existing_stack = _find_stack(client, spec.name)
    if existing_stack is None:
        client.create_stack(name=spec.name, components=component_ids)
        done.append(f"registered stack '{spec.name}'")
    elif not _holds(existing_stack, component_ids):
        client.update_stack(spec.name, component_updates=component_ids)
        done.append(f"updated stack '{spec.name}'")
    if activate:
        client.activate_stack(spec.name)
        done.append(f"active stack: '{spec.name}'")
        ready = prepare_tracking_store(client)
        if ready:
            done.append(ready)
    return done


def prepare_tracking_store(client: Any) -> str | None:
    """Create the tables of the active stack's local (sqlite) MLflow store now, at set-up,
    instead of inside the first training run (~2 CPU-s of schema migrations). Servers manage
    their own database: nothing to do for them."""
    tracker = client.active_stack.experiment_tracker
    if tracker is None or tracker.flavor != "mlflow":
        return None
    uri = tracker.get_tracking_uri()
    if not uri.startswith("sqlite:"):
        return None
    from mlflow.tracking import MlflowClient

    MlflowClient(tracking_uri=uri).search_experiments(max_results=1)
    return f"MLflow tracking store ready: {uri}"


def list_stacks() -> list[str]:
    """One line per stack file: name, whether it is registered, whether it is active."""
    from zenml.client import Client

    client = Client()
    active = client.active_stack_model.name
    lines = []
    for path in sorted(STACKS_DIR.glob("*.yaml")):
        spec = read_stack_spec(str(path))
        registered = _find_stack(client, spec.name) is not None
        state = (
            "active" if spec.name == active else ("registered" if registered else "not registered")
        )
        lines.append(f"{spec.name:<16} {state:<15} {path.relative_to(STACKS_DIR.parent)}")
    return lines


def _find_component(client: Any, ctype: Any, name: str) -> Any:
    try:
        return client.get_stack_component(ctype, name, allow_name_prefix_match=False)
    except KeyError:
        return None


def _holds(stack: Any, component_ids: dict[Any, list[Any]]) -> bool:
    """Whether a registered stack already has these components (type -> ids), so updating it
    would change nothing (components of other types are kept by an update as well)."""
    current = {ctype: [c.id for c in comps] for ctype, comps in stack.components.items()}
    return all(current.get(ctype) == ids for ctype, ids in component_ids.items())


def _find_stack(client: Any, name: str) -> Any:
    try:
        return client.get_stack(name, allow_name_prefix_match=False)
    except KeyError:
        return None
