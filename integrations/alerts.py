"""Send an alert through the active stack's alerter (webhook, Slack, Discord), if it has one."""

from __future__ import annotations

from typing import Any


def send_alert(message: str, title: str, fields: dict[str, Any]) -> bool | None:
    """Post `message`; True/False = delivered or not, None when the stack has no alerter."""
    from zenml.client import Client

    alerter = Client().active_stack.alerter
    if alerter is None:
        return None
    if alerter.flavor == "webhook":
        from integrations.webhook.alerter import WebhookAlerterParameters

        return alerter.post(message, WebhookAlerterParameters(title=title, fields=fields))
    return alerter.post(f"{title}: {message}")


def run_url(run: Any) -> str:
    """The run's page in the dashboard, or '' when there is no server (embedded store)."""
    from zenml.utils.dashboard_utils import get_run_url

    return get_run_url(run) or ""
