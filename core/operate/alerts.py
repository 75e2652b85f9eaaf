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
