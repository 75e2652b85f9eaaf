"""Which steps of each pipeline do I/O, and their retry settings from `run.retry`.

Only I/O with remote services (object stores, registries, trackers) is retried: a local file
that is missing, empty or unwritable stays so, and a retry would only delay the error.
"""

from __future__ import annotations

import re
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
SOURCE_STEPS = ("fingerprint_source", "ingest_data")  # read `data.source`
OUTPUT_STEPS = ("export_predictions",)  # write `output.uri`
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_local(uri: str | None) -> bool:
    """A local path (or `file://`, `builtin:`): no remote service a retry could wait out."""
    if not uri:
        return True
    if uri.startswith("artifact:"):  # a feature table in the artifact store (may be remote)
        return False
    return uri.startswith(("file://", "builtin:")) or not _SCHEME.match(uri)


def local_io_steps(source: str | None, output_uri: str | None) -> set[str]:
    """The I/O steps that only touch local files for these `data.source` / `output.uri`."""
    steps: set[str] = set()
    if source is not None and is_local(source):
        steps.update(SOURCE_STEPS)
    if is_local(output_uri):
        steps.update(OUTPUT_STEPS)
    return steps


def retry_overrides(
    pipeline: str, retry: RetryConfig, local_steps: set[str] | frozenset[str] = frozenset()
) -> dict[str, dict[str, Any]]:
    """`with_options(steps=...)` entries: exponential backoff for the pipeline's remote I/O
    steps (`local_steps` get none: their errors are permanent)."""
    if retry.max_retries == 0:
        return {}
    config = {
        "max_retries": retry.max_retries,
        "delay": retry.delay_seconds,
        "backoff": retry.backoff,
    }
    names = [name for name in IO_STEPS.get(pipeline, ()) if name not in local_steps]
    return {name: {"retry": config} for name in names}
