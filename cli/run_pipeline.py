"""Turn a validated config into a pipeline run on the active (or requested) stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.config import RunConfig

# (ZenML store URL, stack name) this process already brought up from the stack's YAML
_BROUGHT_UP: set[tuple[str, str]] = set()


def switch_stack(name: str) -> list[str]:
    """Bring stack `name` up from stacks/<name>.yaml (register or update it, idempotent, as
    `run.py stack up` does) and activate it; return what was done. A process brings a stack up
    once per ZenML store: switching back to it later only activates it. A stack registered
    with ZenML but not in stacks/ (a config's `run.stack` may name one) is only activated."""
    from zenml.client import Client

    from stacks.register import has_stack_file, stack_file, stack_up

    client = Client()
    brought_up = (str(client.zen_store.url), name)
    if brought_up not in _BROUGHT_UP and has_stack_file(name):
        lines = stack_up(name, activate=True)
        _BROUGHT_UP.add(brought_up)
        return lines
    if client.active_stack_model.name == name:
        return []
    try:  # exact name: `local` must not prefix-match `local-services`
        stack = client.get_stack(name, allow_name_prefix_match=False)
    except KeyError:
        stack_file(name)  # not registered and no file: one line naming the known stacks
        raise
    client.activate_stack(stack.id)
    return []


def run(config: RunConfig, config_path: Path, no_cache: bool = False) -> Any:
    """Run `config` on the active stack through the one launch path; return the finished run
    (None when the orchestrator scheduled it)."""
    from orchestration.launch import launch

    return launch(config, config_path, no_cache=no_cache)
