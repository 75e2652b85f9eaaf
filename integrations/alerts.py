"""Alerts through the active stack's alerter (webhook, Slack, Discord), if it has one.

Optional part of the project (the template's `alerts` answer): callers find this module at run
time with `integrations.alerts_included()`, so a project generated without it still logs every
outcome but sends nothing.
"""

from __future__ import annotations

from typing import Any


def send_alert(message: str, title: str, fields: dict[str, Any]) -> bool | None:
    """Post `message`; True/False = delivered or not, None when the stack has no alerter."""
    from zenml.client import Client

    alerter = Client().active_stack.alerter
    if alerter is None:
        return None
    if alerter.flavor == "webhook":
        from integrations.webhook_alerter.alerter import WebhookAlerterParameters

        return alerter.post(message, WebhookAlerterParameters(title=title, fields=fields))
    return alerter.post(f"{title}: {message}")


def run_url(run: Any) -> str:
    """The run's page in the dashboard, or '' when there is no server (embedded store)."""
    from zenml.utils.dashboard_utils import get_run_url

    return get_run_url(run) or ""


def alert_failure(
    message: str, pipeline: str, step: str, run: Any, exception: BaseException
) -> None:
    """The on_failure hook's alert: pipeline, step, run and exception."""
    send_alert(
        message,
        title=f"{pipeline} failed",
        fields={
            "pipeline": pipeline,
            "step": step,
            "run": run.name,
            "exception": f"{type(exception).__name__}: {exception}",
            "run_url": run_url(run),
            "status": "failed",
        },
    )


def alert_training(
    line: str,
    promotion_decision: dict[str, Any],
    gate_summary: str,
    holdout_metrics: dict[str, float],
    run: Any,
) -> None:
    """Training's outcome: metrics, gate, promoted or not and why."""
    verdict = "PROMOTED" if promotion_decision["promoted"] else "not promoted"
    version = promotion_decision["model_version"]
    send_alert(
        line,
        title=f"training {verdict}: model version {version}",
        fields={
            "model_version": version,
            "promoted": bool(promotion_decision["promoted"]),
            "reason": promotion_decision["reason"],
            "gate": gate_summary,
            "metrics": {k: v for k, v in holdout_metrics.items() if k != "n_rows"},
            "run_url": run_url(run),
            "status": "succeeded",
        },
    )


def alert_retrain(monitoring_window: dict[str, Any], outcome: dict[str, Any], run: Any) -> None:
    """Monitoring's alert when drift triggered a retrain: signals, new version, promoted or not."""
    from core.alert_messages import retrain_alert

    title, message, fields = retrain_alert(monitoring_window, outcome)
    send_alert(message, title, {**fields, "run_url": run_url(run)})
