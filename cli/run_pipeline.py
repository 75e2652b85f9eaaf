"""Turn a validated config into a pipeline run on the active (or requested) stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.config import RunConfig

_BROUGHT_UP: set[str] = set()  # stacks this process already brought up from their YAML


def switch_stack(name: str) -> list[str]:
    """Bring stack `name` up from stacks/<name>.yaml (register or update it, idempotent, as
    `run.py stack up` does) and activate it; return what was done. A process brings a stack up
    once: switching back to it later only activates it."""
    from zenml.client import Client

    from stacks.register import stack_up

    if name not in _BROUGHT_UP:
        lines = stack_up(name, activate=True)
        _BROUGHT_UP.add(name)
        return lines
    client = Client()
    if client.active_stack_model.name != name:  # exact name: `local` is not `local-services`
        client.activate_stack(client.get_stack(name, allow_name_prefix_match=False).id)
    return []


def run(config: RunConfig, config_path: Path, no_cache: bool = False) -> Any:
    """Run `config` on the active stack through the one launch path; return the finished run
    (None when the orchestrator scheduled it)."""
    from orchestration.launch import launch

    return launch(config, config_path, no_cache=no_cache)
