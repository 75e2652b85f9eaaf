"""The `webhook` alerter: one JSON POST per message."""

from __future__ import annotations

from typing import Any, cast

import requests
from pydantic import Field
from zenml.alerter.base_alerter import BaseAlerter, BaseAlerterStepParameters
from zenml.logger import get_logger

from core.alert_messages import alert_payload
from integrations.webhook_alerter.flavor import WebhookAlerterConfig

logger = get_logger(__name__)


class WebhookAlerterParameters(BaseAlerterStepParameters):
    """Optional title and structured fields of one alert."""

    title: str = ""
    fields: dict[str, Any] = Field(default_factory=dict)


class WebhookAlerter(BaseAlerter):
    """Posts alerts; `ask` is not supported (webhooks are one-way) and returns False."""

    @property
    def config(self) -> WebhookAlerterConfig:
        return cast(WebhookAlerterConfig, self._config)

    def post(self, message: str, params: BaseAlerterStepParameters | None = None) -> bool:
        """True when the receiver answered 2xx; failures are logged, never raised, so an
        alert problem cannot hide the failure being reported."""
        title = getattr(params, "title", "") or ""
        fields = dict(getattr(params, "fields", {}) or {})
        body = alert_payload(self.config.format, title, message, fields)
        try:
            response = requests.post(
                self.config.url,
                json=body,
                headers=self.config.headers,
                timeout=self.config.timeout_seconds,
            )
        except requests.RequestException as exc:
            logger.warning(f"webhook alerter '{self.name}': {type(exc).__name__}: {exc}")
            return False
        if not response.ok:
            logger.warning(
                f"webhook alerter '{self.name}': receiver answered {response.status_code}"
            )
        return bool(response.ok)

    def ask(self, question: str, params: BaseAlerterStepParameters | None = None) -> bool:
        logger.warning(f"webhook alerter '{self.name}' cannot ask questions; treating as 'no'")
        return False
