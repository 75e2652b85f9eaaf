"""HTTP routes added to ZenML's deployment app: `POST /predict` and Prometheus `GET /metrics`.

`/predict` scores straight from the model cache (no pipeline run per request, so a request
costs a model call, not store writes): 200 with predictions, 422 naming every row that failed
validation (nothing scored), 413 above `max_rows`, 503 while no version holds the stage. The
pipeline's own `/invoke` stays for the dashboard's Playground and records a run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from core.config import ValidationConfig
from core.serving.scoring import ScoreRequest
from serving.model_cache import shared_cache
from serving.state import ServingState

REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "loopstack_serve_requests",
    "Scoring requests answered, by HTTP status.",
    ["model", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "loopstack_serve_request_seconds",
    "Time to answer a scoring request.",
    ["model"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
ROWS = Counter(
    "loopstack_serve_rows",
    "Rows in scoring requests, by outcome (scored or rejected).",
    ["model", "outcome"],
    registry=REGISTRY,
)
VERSION = Gauge(
    "loopstack_serve_model_version",
    "Version number of the model the service answers with.",
    ["model", "stage"],
    registry=REGISTRY,
)


def predict_endpoint(
    app_runner: Any,
    model: str,
    stage: str,
    refresh_seconds: float,
    max_rows: int,
    validation: dict[str, Any],
) -> Callable[..., Any]:
    """Builder ZenML calls once when the app starts; returns the `/predict` handler."""
    from fastapi.responses import JSONResponse

    cache = shared_cache(model, stage, refresh_seconds)
    state = ServingState(cache, ValidationConfig.model_validate(validation), max_rows)

    def predict(request: ScoreRequest) -> JSONResponse:
        started = time.perf_counter()
        status, body = state.answer(request.rows)
        REQUESTS.labels(model, str(status)).inc()
        LATENCY.labels(model).observe(time.perf_counter() - started)
        if status in (200, 413, 422):
            ROWS.labels(model, "scored" if status == 200 else "rejected").inc(len(request.rows))
        if status in (200, 422) and cache.version is not None:  # the version that checked
            VERSION.labels(model, stage).set(_number(cache.version))
        return JSONResponse(status_code=status, content=body)

    return predict


def metrics_endpoint(app_runner: Any) -> Callable[..., Any]:
    """Builder of `GET /metrics` in Prometheus' text format (replaces ZenML's JSON one)."""
    from fastapi.responses import Response
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    def metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return metrics


def _number(version: str) -> float:
    try:
        return float(version)
    except ValueError:
        return float("nan")
