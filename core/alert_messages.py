"""Alert messages as JSON bodies for generic webhooks, Slack, Discord and Microsoft Teams."""

from __future__ import annotations

from typing import Any, Literal

WebhookFormat = Literal["generic", "slack", "discord", "teams"]


def alert_text(title: str, message: str, fields: dict[str, Any]) -> str:
    """Plain text: title, message, then one `key: value` line per field."""
    lines = [f"*{title}*" if title else "", message, *(f"{k}: {v}" for k, v in fields.items())]
    return "\n".join(line for line in lines if line)


def alert_payload(
    fmt: WebhookFormat, title: str, message: str, fields: dict[str, Any], source: str = "loopstack"
) -> dict[str, Any]:
    """The JSON body each receiver understands; `generic` keeps every field structured."""
    text = alert_text(title, message, fields)
    if fmt == "slack":
        return {"text": text}
    if fmt == "discord":
        return {"content": text[:2000]}
    if fmt == "teams":
        return {"text": text.replace("\n", "  \n")}
    return {"source": source, "title": title, "message": message, "fields": fields}


def retrain_alert(
    window: dict[str, Any], outcome: dict[str, Any]
) -> tuple[str, str, dict[str, Any]]:
    """(title, message, fields) of the monitoring alert sent when drift triggered a retrain."""
    status = str(outcome.get("status"))
    version = outcome.get("model_version")
    if status == "completed" and outcome.get("promoted"):
        verdict = f"model version {version} PROMOTED"
    elif status == "completed":
        verdict = (
            f"model version {version} not promoted ({outcome.get('promotion_reason')}); "
            "the champion keeps serving"
        )
    else:
        verdict = f"training run {outcome.get('training_run')} {status}"
    fired = [s["name"] for s in window.get("signals", []) if s.get("fired")]
    fields = {
        "signals": fired,
        "reason": window.get("reason", ""),
        "retrain_status": status,
        "training_run": outcome.get("training_run"),
        "model_version": version,
        "promoted": outcome.get("promoted"),
        "data_rows": outcome.get("data_rows"),
        "status": "succeeded",
    }
    message = f"{window.get('reason', '')}; {verdict}"
    return "monitoring: drift triggered retraining", message, fields
