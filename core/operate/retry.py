"""Which steps of each pipeline do I/O, and their retry settings from `run.retry`."""

from __future__ import annotations

from typing import Any

from core.config import RetryConfig

# Steps that touch files, object stores, registries or trackers: worth retrying on a blip.
IO_STEPS: dict[str, tuple[str, ...]] = {
    "training": ("fingerprint_source", "ingest_data", "register_model", "promote_model"),
    "batch_inference": ("fingerprint_source", "ingest_data", "export_predictions"),
    "monitoring": ("fingerprint_source", "ingest_data"),
    "feature": ("fingerprint_source", "ingest_data", "write_feature_table"),
    "promotion": ("promote_version",),
}


def retry_overrides(pipeline: str, retry: RetryConfig) -> dict[str, dict[str, Any]]:
    """`with_options(steps=...)` entries: exponential backoff for the pipeline's I/O steps."""
    if retry.max_retries == 0:
        return {}
    config = {
        "max_retries": retry.max_retries,
        "delay": retry.delay_seconds,
        "backoff": retry.backoff,
    }
    return {name: {"retry": config} for name in IO_STEPS.get(pipeline, ())}
