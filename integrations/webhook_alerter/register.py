"""Register the `webhook` alerter flavor with ZenML once (idempotent)."""

from __future__ import annotations

from integrations.webhook_alerter.flavor import FLAVOR_NAME, FLAVOR_SOURCE


def ensure_webhook_flavor() -> bool:
    """Register the flavor if this ZenML store does not know it; True if it was registered."""
    from zenml.client import Client
    from zenml.enums import StackComponentType

    client = Client()
    known = client.list_flavors(name=FLAVOR_NAME, type=StackComponentType.ALERTER, size=1)
    if known.total:
        return False
    client.create_flavor(source=FLAVOR_SOURCE, component_type=StackComponentType.ALERTER)
    return True
