"""Custom ZenML stack component flavors of this project, and helpers that use stack components."""

import importlib.util


def alerts_included() -> bool:
    """Whether this project has `integrations/alerts.py` (the template's `alerts` option); the
    callers import it only then, so projects generated without it need no alerting code."""
    return importlib.util.find_spec("integrations.alerts") is not None
