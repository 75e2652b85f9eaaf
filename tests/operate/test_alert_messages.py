"""Alert bodies for webhook receivers and the monitoring alert's wording (plain logic)."""

from __future__ import annotations

import pytest

from core.alert_messages import alert_payload, retrain_alert


@pytest.mark.parametrize(
    ("fmt", "key"), [("slack", "text"), ("discord", "content"), ("teams", "text")]
)
def test_chat_formats_carry_the_text(fmt: str, key: str) -> None:
    body = alert_payload(fmt, "training failed", "boom", {"step": "train"})  # type: ignore[arg-type]
    assert set(body) == {key} and "boom" in body[key] and "step: train" in body[key]
    generic = alert_payload("generic", "t", "m", {"a": 1})
    assert generic == {"source": "loopstack", "title": "t", "message": "m", "fields": {"a": 1}}


def test_retrain_alert_says_when_the_champion_keeps_serving() -> None:
    window = {
        "reason": "retrain: drift",
        "signals": [{"name": "data_drift", "fired": True}, {"name": "performance", "fired": False}],
    }
    rejected = {
        "status": "completed",
        "model_version": "3",
        "promoted": False,
        "promotion_reason": "gate failed",
        "training_run": "t1",
    }
    title, message, fields = retrain_alert(window, rejected)
    assert title == "monitoring: drift triggered retraining"
    assert message == (
        "retrain: drift; model version 3 not promoted (gate failed); the champion keeps serving"
    )
    assert fields["signals"] == ["data_drift"] and fields["promoted"] is False
    _, message, _ = retrain_alert(window, {"status": "submitted", "training_run": "t2"})
    assert message == "retrain: drift; training run t2 submitted"
