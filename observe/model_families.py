"""Model and data metric families: holdout metrics, promotions, data quality, drift, retrain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from core.metadata_keys import (
    CHAMPION,
    DRIFT,
    HOLDOUT,
    PROMOTION,
    QUARANTINED_SHARE,
    ROWS_QUARANTINED,
    ROWS_SCORED,
    ROWS_VALID,
)
from observe.records import (
    RunRecord,
    StageRecord,
    flag,
    metric_values,
    number,
    retrain_triggered,
)

VALIDATE = ("validate_training_data", "validate_batch")
DATA = ["pipeline", "stack"]
MODEL = ["pipeline", "stack", "model"]


def training_families(runs: Sequence[RunRecord]) -> Iterator[Metric]:
    """Latest challenger/champion holdout metrics, promotion counts and the losing streak."""
    holdout = GaugeMetricFamily(
        "loopstack_training_holdout_metric",
        "Holdout metrics of the latest training run: challenger and the champion on the same data.",
        labels=["model", "stack", "role", "metric"],
    )
    latest: dict[tuple[str, str, str], dict[str, float]] = {}
    decisions: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for run in runs:
        challenger = metric_values(run.step_value(("evaluate_model",), HOLDOUT))
        if challenger:
            latest[(run.model, run.stack, "challenger")] = challenger
            champion = metric_values(run.step_value(("evaluate_champion",), CHAMPION))
            latest[(run.model, run.stack, "champion")] = champion
        promoted = flag(run.step_value(("promote_model",), PROMOTION, "promoted"))
        if promoted is not None:
            decisions[(run.model, run.stack)].append(promoted)
    for (model, stack, role), values in sorted(latest.items()):
        for metric, value in sorted(values.items()):
            holdout.add_metric([model, stack, role, metric], value)
    yield holdout

    total = CounterMetricFamily(
        "loopstack_training_promotions",
        "Promotion decisions of training runs (outcome promoted or kept_champion).",
        labels=["model", "stack", "outcome"],
    )
    last = GaugeMetricFamily(
        "loopstack_training_last_promoted",
        "1 if the latest training run promoted its model.",
        labels=["model", "stack"],
    )
    streak = GaugeMetricFamily(
        "loopstack_training_consecutive_not_promoted",
        "Latest training runs in a row whose challenger was not promoted.",
        labels=["model", "stack"],
    )
    for (model, stack), seen in sorted(decisions.items()):
        total.add_metric([model, stack, "promoted"], sum(seen))
        total.add_metric([model, stack, "kept_champion"], len(seen) - sum(seen))
        last.add_metric([model, stack], float(seen[-1]))
        losing = len(seen) - (max(i for i, p in enumerate(seen) if p) + 1 if any(seen) else 0)
        streak.add_metric([model, stack], losing)
    yield total
    yield last
    yield streak


def data_families(runs: Sequence[RunRecord]) -> Iterator[Metric]:
    """Rows valid/quarantined/scored (totals and latest run) per pipeline and stack."""
    totals: dict[str, dict[tuple[str, ...], float]] = defaultdict(lambda: defaultdict(float))
    share: dict[tuple[str, ...], float] = {}
    scored: dict[tuple[str, ...], float] = {}
    for run in runs:
        key = (run.pipeline, run.stack)
        for name in (ROWS_VALID, ROWS_QUARANTINED):
            value = number(run.step_value(VALIDATE, name))
            if value is not None:
                totals[name][key] += value
        value = number(run.step_value(VALIDATE, QUARANTINED_SHARE))
        if value is not None:
            share[key] = value
        rows = number(run.step_value(("predict",), ROWS_SCORED))
        if rows is not None:
            totals["rows_scored"][(*key, run.model)] += rows
            scored[(*key, run.model)] = rows
    for name, help_text, labels in (
        ("rows_valid", "Rows that passed validation, all runs.", DATA),
        ("rows_quarantined", "Rows quarantined by validation, all runs.", DATA),
        ("rows_scored", "Rows scored by batch inference, all runs.", MODEL),
    ):
        family = CounterMetricFamily(f"loopstack_{name}", help_text, labels=labels)
        for labels_values, value in sorted(totals[name].items()):
            family.add_metric(list(labels_values), value)
        yield family
    yield _gauge(
        "loopstack_last_quarantined_share",
        "Quarantined share of the latest validated batch (logged before the limit fails a run).",
        DATA,
        share,
    )
    yield _gauge("loopstack_last_rows_scored", "Rows scored by the latest run.", MODEL, scored)


def drift_families(runs: Sequence[RunRecord]) -> Iterator[Metric]:
    """Drift checks by result, latest drift flag and share, retraining triggered."""
    checks: dict[tuple[str, ...], float] = defaultdict(float)
    detected: dict[tuple[str, ...], float] = {}
    shares: dict[tuple[str, ...], float] = {}
    retrains: dict[tuple[str, ...], float] = defaultdict(float)
    last_retrain: dict[tuple[str, ...], float] = {}
    for run in runs:
        key = (run.pipeline, run.stack, run.model)
        drift = flag(run.step_value(("check_drift",), DRIFT, "dataset_drift"))
        if drift is not None:
            checks[(*key, "drift" if drift else "no_drift")] += 1
            checks[(*key, "no_drift" if drift else "drift")] += 0
            retrains[key] += 0  # a checked run that logged no decision triggered nothing
            detected[key] = float(drift)
            share = number(run.step_value(("check_drift",), DRIFT, "drift_share"))
            if share is not None:
                shares[key] = share
        triggered = retrain_triggered(run)
        if triggered is not None:
            retrains[key] += triggered
            last_retrain[key] = float(triggered)
    family = CounterMetricFamily(
        "loopstack_drift_checks", "Drift checks by result.", labels=[*MODEL, "result"]
    )
    for labels, n in sorted(checks.items()):
        family.add_metric(list(labels), n)
    yield family
    yield _gauge("loopstack_last_drift_detected", "1 if the latest check drifted.", MODEL, detected)
    yield _gauge("loopstack_last_drift_share", "Drifted column share, latest.", MODEL, shares)
    family = CounterMetricFamily(
        "loopstack_retrain_triggered", "Monitoring runs that triggered retraining.", labels=MODEL
    )
    for labels, n in sorted(retrains.items()):
        family.add_metric(list(labels), n)
    yield family
    yield _gauge(
        "loopstack_last_retrain_triggered", "1 if the latest retrained.", MODEL, last_retrain
    )


def stage_families(stages: Sequence[StageRecord]) -> Iterator[Metric]:
    """Holdout metrics and version number of the model version in each stage."""
    metrics = GaugeMetricFamily(
        "loopstack_model_stage_holdout_metric",
        "Holdout metrics recorded on the model version now in the stage.",
        labels=["model", "stage", "metric"],
    )
    versions = GaugeMetricFamily(
        "loopstack_model_stage_version", "Version number in the stage.", labels=["model", "stage"]
    )
    for record in stages:
        for metric, value in sorted(record.metrics.items()):
            metrics.add_metric([record.model, record.stage, metric], value)
        if record.version_number is not None:
            versions.add_metric([record.model, record.stage], record.version_number)
    yield metrics
    yield versions


def _gauge(name: str, doc: str, labels: list[str], values: dict[tuple[str, ...], float]) -> Metric:
    family = GaugeMetricFamily(name, doc, labels=labels)
    for key, value in sorted(values.items()):
        family.add_metric(list(key), value)
    return family
