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
from core.serving.scoring import Rejected, Scored, ScoreRequest, score_rows
from serving.model_cache import NoModelError, shared_cache

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
    rules = ValidationConfig.model_validate(validation)

    def predict(request: ScoreRequest) -> JSONResponse:
        started = time.perf_counter()
        status, body = _answer(request, cache, rules, max_rows)
        REQUESTS.labels(model, str(status)).inc()
        LATENCY.labels(model).observe(time.perf_counter() - started)
        return JSONResponse(status_code=status, content=body)

    return predict


def _answer(
    request: ScoreRequest, cache: Any, rules: ValidationConfig, max_rows: int
) -> tuple[int, dict[str, Any]]:
    name, rows = cache.name, len(request.rows)
    if rows > max_rows:
        ROWS.labels(name, "rejected").inc(rows)
        error = f"{rows} rows in one request; at most {max_rows} (serve.max_rows)"
        return 413, Rejected(error=error).model_dump()
    try:
        loaded = cache.current()
    except NoModelError as exc:
        return 503, Rejected(error=str(exc)).model_dump()
    VERSION.labels(name, loaded.stage).set(_number(loaded.version))
    outcome = score_rows(request.rows, loaded.model, loaded.schema, loaded.transform, rules)
    if isinstance(outcome, Rejected):
        ROWS.labels(name, "rejected").inc(rows)
        return 422, outcome.model_dump()
    ROWS.labels(name, "scored").inc(rows)
    predictions, probabilities = outcome
    scored = Scored(
        model=name,
        version=loaded.version,
        stage=loaded.stage,
        predictions=predictions,
        probabilities=probabilities,
    )
    return 200, scored.model_dump()


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
