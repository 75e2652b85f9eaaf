"""Turn a validated config into a pipeline run on the active (or requested) stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.config import RunConfig


def switch_stack(name: str) -> None:
    """Activate `name`; register it from stacks/<name>.yaml first if it is not known yet."""
    from zenml.client import Client

    from stacks.register import stack_up

    client = Client()
    try:  # exact name: `local` must not prefix-match `local-services`
        stack = client.get_stack(name, allow_name_prefix_match=False)
    except KeyError:
        stack_up(name, activate=True)
    else:
        client.activate_stack(stack.id)


def run(config: RunConfig, config_path: Path, no_cache: bool = False) -> Any:
    """Run `config` on the active stack through the one launch path; return the finished run
    (None when the orchestrator scheduled it)."""
    from orchestration.launch import launch

    return launch(config, config_path, no_cache=no_cache)
