"""Case 1, the bare limit: the default loop's ML work as one plain script, no orchestration.

Same data (`generate_churn`), same candidates and preprocessing (`core.modeling`), same split,
same metrics; then the inference batch is scored, both batches are checked for drift with
bare Evidently and the monitored batch for prediction drift. What it leaves out is what the
template adds: row validation (pandera), artifact storage, MLflow logging/registration, the
model registry, the HTML reports.

    python -m bench.bare [--set data.sample.rows=1500 ...]   # prints JSON timings
"""

from __future__ import annotations

import argparse
import json
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def bare_loop(overrides: list[str], out_dir: Path) -> dict[str, Any]:
    """Train, select, evaluate, score a batch and check two batches for drift; return timings."""
    import pandas as pd
    from evidently import Report
    from evidently.presets import DataDriftPreset

    from core.config import BatchInferenceConfig, MonitoringConfig, TrainingConfig, load_config
    from core.data.builtin import generate_churn
    from core.data.profile import infer_schema
    from core.data.split import split_frame
    from core.inference.predictions import predict_frame
    from core.modeling.candidates import fit_candidate
    from core.modeling.metrics import evaluate
    from core.monitoring.drift import prediction_drift, sample_rows

    configs = REPO / "configs"
    train_cfg = load_config(configs / "training.yaml", overrides)
    batch_cfg = load_config(configs / "batch_inference.yaml", _data_only(overrides))
    monitor_cfg = load_config(configs / "monitoring.yaml", _data_only(overrides))
    assert isinstance(train_cfg, TrainingConfig)
    assert isinstance(batch_cfg, BatchInferenceConfig)
    assert isinstance(monitor_cfg, MonitoringConfig)
    timings: dict[str, float] = {}
    start = time.perf_counter()

    data = train_cfg.data
    frame = generate_churn(**data.sample.model_dump())
    schema = infer_schema(frame, data.source, data.target, data.id_column)
    parts = split_frame(frame, schema.id_column, train_cfg.split, target=schema.target)
    scores = {}
    models = {}
    for candidate in train_cfg.candidates:
        models[candidate.name] = fit_candidate(candidate, schema, parts["train"], train_cfg.seed)
        result = evaluate(models[candidate.name], parts["validation"], schema)
        scores[candidate.name] = result.metrics[train_cfg.selection_metric]
    best = max(scores, key=lambda name: scores[name])
    holdout = evaluate(models[best], parts["holdout"], schema).metrics
    (out_dir / "model.pkl").write_bytes(pickle.dumps(models[best]))
    timings["training"] = time.perf_counter() - start

    def drift(current: Any) -> float:
        report = Report([DataDriftPreset(drift_share=batch_cfg.drift.drift_share)])
        snapshot = report.run(current_data=current, reference_data=parts["train"][features])
        return float(snapshot.dict()["metrics"][0]["value"]["share"])

    features = schema.features
    mark = time.perf_counter()
    batch = generate_churn(**batch_cfg.data.sample.model_dump())
    batch_drift = drift(batch[features])
    predictions = predict_frame(models[best], batch, schema, model_version="1", run_id="bare")
    predictions.to_parquet(out_dir / "predictions.parquet", index=False)
    timings["batch_inference"] = time.perf_counter() - mark

    mark = time.perf_counter()
    monitored = generate_churn(**monitor_cfg.data.sample.model_dump())
    monitor_drift = drift(monitored[features])
    # label-free prediction drift, as the monitoring pipeline does it (the delayed-label
    # performance check reads no data unless `loop.performance.labels` is configured)
    cfg = monitor_cfg.drift
    reference = sample_rows(parts["train"], cfg.sample_rows, seed=0)[features]
    current = sample_rows(monitored, cfg.sample_rows, seed=0)[features]
    predicted = prediction_drift(
        pd.Series(models[best].predict(reference)).astype(str),
        pd.Series(models[best].predict(current)).astype(str),
        cfg,
    )
    timings["monitoring"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - start
    return {
        "timings": timings,
        "selected": best,
        "holdout": holdout,
        "drift_share": {"batch": batch_drift, "monitoring": monitor_drift},
        "prediction_drift": predicted.model_dump(),
        "rows_scored": len(predictions),
    }


def _data_only(overrides: list[str]) -> list[str]:
    """Size overrides apply to every batch; other keys belong to the training config."""
    return [o for o in overrides if o.startswith(("data.sample.rows", "data.sample.extra"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loopstack-bare-") as tmp:
        print(json.dumps(bare_loop(args.overrides, Path(tmp)), default=float))


if __name__ == "__main__":
    main()
