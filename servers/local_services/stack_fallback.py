"""After `services down`: an active stack that needs the stopped servers gives way to `local`.

The local ZenML server serves the client's own local database, so the stack made active while
connected (`local-services` after `make services-up`) stays active after the logout, globally
and in this repo's `.zen/config.yaml`; every run on it would fail on the stopped S3 and MLflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse

from servers.local_services.stack_support import local_urls

SERVICES_STACK = "local-services"
FALLBACK_STACK = "local"


def uses_ports(stack: Any, ports: set[int]) -> bool:
    """True if a component of `stack` talks to 127.0.0.1/localhost on one of `ports`."""
    configurations = [
        (component.name, dict(component.configuration))
        for components in stack.components.values()
        for component in components
    ]
    return any(urlparse(url).port in ports for _, url in local_urls(configurations))


def activate_local_stack(stopped_ports: Iterable[int]) -> str | None:
    """Activate `local` (registering it from stacks/local.yaml if needed) globally and for this
    repo when the active stack needs the stopped servers; return one line, or None."""
    from zenml.client import Client
    from zenml.config.global_config import GlobalConfiguration

    from stacks.register import stack_up

    ports = set(stopped_ports)
    client = Client()
    config = GlobalConfiguration()
    active = [client.active_stack_model, client.get_stack(config.get_active_stack_id())]
    needs_services = {
        stack.name for stack in active if stack.name == SERVICES_STACK or uses_ports(stack, ports)
    }
    if not needs_services:
        return None
    try:  # exact name: a prefix match would find `local-services` itself
        local = client.get_stack(FALLBACK_STACK, allow_name_prefix_match=False)
    except KeyError:
        stack_up(FALLBACK_STACK, activate=True)
        local = client.get_stack(FALLBACK_STACK, allow_name_prefix_match=False)
    client.activate_stack(local.id)  # this repo's .zen/config.yaml (or the global one)
    config.set_active_stack(local)
    names = ", ".join(f"'{name}'" for name in sorted(needs_services))
    return f"active stack: '{FALLBACK_STACK}' ({names} needs the stopped servers)"
