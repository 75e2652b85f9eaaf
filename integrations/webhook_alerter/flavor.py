"""Flavor and config of the `webhook` alerter (register: `python run.py stack up <stack>`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field
from zenml.alerter.base_alerter import BaseAlerterConfig, BaseAlerterFlavor
from zenml.utils.secret_utils import SecretField

if TYPE_CHECKING:
    from integrations.webhook_alerter.alerter import WebhookAlerter

FLAVOR_NAME = "webhook"
FLAVOR_SOURCE = "integrations.webhook_alerter.flavor.WebhookAlerterFlavor"


class WebhookAlerterConfig(BaseAlerterConfig):
    """`url` may be (and for real services should be) a secret reference: `{{webhook.url}}`."""

    url: str = SecretField()
    format: Literal["generic", "slack", "discord", "teams"] = "generic"
    headers: dict[str, str] = Field(default_factory=dict)
    timeout_seconds: float = Field(10.0, gt=0)


class WebhookAlerterFlavor(BaseAlerterFlavor):
    """Alerter that POSTs a JSON body to a URL."""

    @property
    def name(self) -> str:
        return FLAVOR_NAME

    @property
    def config_class(self) -> type[WebhookAlerterConfig]:
        return WebhookAlerterConfig

    @property
    def implementation_class(self) -> type[WebhookAlerter]:
        from integrations.webhook_alerter.alerter import WebhookAlerter

        return WebhookAlerter
