"""A model trained on a feature table scores raw batches through the same transform."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from core.config import FeatureTableConfig
from core.data.feature_table import feature_table
from core.data.profile import ensure_row_id
from core.errors import DataError
from core.features.spec import FeatureTransform, apply_to_batch
from core.features.transforms import transform
from core.inference.predictions import proba_column
from tests.pipelines.helpers import CONFIGS, run_config, step_output, train_champion

TABLE = "scored_features"
MODEL = "model.name=feature_scored"  # its own champion: raw-data tests never see it
BATCH = ("data.sample.rows=400", "data.sample.batch=5")


@pytest.fixture(scope="module")
def trained(local_stack: str) -> dict[str, Any]:
    """Feature table -> a production model trained on it; what the model version carries."""
    from zenml.client import Client

    feature_run = run_config("feature", "data.sample.rows=1500", f"features.name={TABLE}")
    ref = step_output(feature_run, "write_feature_table", "feature_table_ref")
    champion = train_champion(
        MODEL,
        "data.sample.rows=1500",
        "candidates=[{name: logreg, kind: logistic_regression}]",
        f"data.source=artifact:{TABLE}:{ref['version']}",
        "promotion.policy=always",
        "gate={min_accuracy: 0.0, min_roc_auc: 0.0}",
    )
    version = Client().get_model_version("feature_scored", champion)
    return {
        "ref": ref,
        "model": version.get_model_artifact("model").load(),
        "schema": version.get_artifact("table_schema").load(),
        "transform": version.get_artifact("feature_transform").load(),
        "version": champion,
    }


@pytest.mark.pipeline
def test_the_model_version_carries_the_feature_tables_transform(trained: dict[str, Any]) -> None:
    spec: FeatureTransform = trained["transform"]
    assert spec.table == f"{TABLE}:{trained['ref']['version']}"
    assert spec.features is not None and spec.features.name == TABLE
    assert set(spec.features.ratios) == {"charges_per_tenure_month", "support_calls_per_product"}
    assert {"charges_per_tenure_month", "support_calls_per_product"} <= set(
        trained["schema"].numeric
    )


@pytest.mark.pipeline
def test_raw_batch_is_scored_on_the_transformed_batch(trained: dict[str, Any]) -> None:
    run = run_config("batch_inference", MODEL, *BATCH)
    assert run.status.value == "completed"
    raw = step_output(run, "ingest_data", "raw_data")
    assert "charges_per_tenure_month" not in raw.columns  # a raw batch
    predictions = step_output(run, "predict", "predictions").set_index("customer_id")

    # independently: the feature pipeline's transform, the training view, the model
    schema = trained["schema"]
    features = trained["transform"].features
    expected_rows = feature_table(ensure_row_id(transform(raw, features), schema), schema, False)
    expected_rows = expected_rows.set_index("customer_id").loc[predictions.index]
    proba = trained["model"].predict_proba(expected_rows[schema.features])
    positive = list(trained["model"].classes_).index(schema.classes[-1])
    np.testing.assert_allclose(
        predictions[proba_column(schema.classes[-1])].to_numpy(), proba[:, positive], rtol=1e-9
    )
    # the derived columns matter: without them (NaN) the model scores differently
    blanked = expected_rows[schema.features].assign(charges_per_tenure_month=np.nan)
    assert not np.allclose(trained["model"].predict_proba(blanked)[:, positive], proba[:, positive])


@pytest.mark.pipeline
def test_raw_batch_without_a_needed_column_is_a_clear_error(
    trained: dict[str, Any], tmp_path: Path
) -> None:
    from zenml.client import Client

    run = run_config("batch_inference", MODEL, *BATCH)
    raw = step_output(run, "ingest_data", "raw_data").drop(columns=["num_products"])
    batch = tmp_path / "batch.csv"
    raw.to_csv(batch, index=False)
    with pytest.raises(DataError) as error:  # run.py prints it as one `error:` line, exit 2
        run_config("batch_inference", MODEL, f"data.source={batch}")
    assert str(error.value) == (
        f"{batch}: column 'num_products' is missing; the model was trained on feature table "
        f"{TABLE}:{trained['ref']['version']}, whose transform needs it "
        "(features.ratios.support_calls_per_product): add it to the batch or score with a "
        "model trained on raw data"
    )
    failed = Client().list_pipeline_runs(sort_by="desc:created", size=1).items[0]
    assert failed.status.value == "failed"
    assert failed.steps["validate_batch"].status.value == "failed"
    assert "predict" not in failed.steps  # nothing was scored


@pytest.mark.pipeline
def test_versions_trained_before_transforms_were_recorded_score_raw(
    trained: dict[str, Any],
) -> None:
    from zenml.client import Client

    from orchestration.model_lookup import require_model_files, transform_recorded
    from pipelines.pinned_model import feature_transform_of
    from tests.operate.seed_models import seed_versions

    newest = Client().get_model_version("feature_scored", trained["version"])
    assert transform_recorded(newest) is True
    assert transform_recorded(newest, require_model_files(newest, "production")) is True
    (old,) = seed_versions("pre_transform_model", [{"roc_auc": 0.8, "passed": True}])
    assert transform_recorded(Client().get_model_version("pre_transform_model", old)) is False
    assert feature_transform_of(newest.to_model_class(), False) == FeatureTransform()


@pytest.mark.pipeline
def test_retrain_window_of_a_feature_table_champion_keeps_the_transform(
    trained: dict[str, Any],
) -> None:
    from zenml.client import Client

    from steps.monitoring.launch_retraining import _write_window

    spec: FeatureTransform = trained["transform"]
    window = Client().get_artifact_version(TABLE, trained["ref"]["version"]).load().head(50)
    overrides = _write_window(window, "run-1", spec, trained["schema"].id_column)
    assert overrides[0].startswith(f"data.source=artifact:{TABLE}_retrain:")
    assert overrides[1:] == [f"data.id_column={trained['schema'].id_column}"]
    version = overrides[0].rsplit(":", 1)[1]
    saved = Client().get_artifact_version(f"{TABLE}_retrain", version)
    assert spec.features is not None
    assert saved.run_metadata["transform"] == spec.features.model_dump(mode="json")
    assert len(saved.load()) == 50


# plain logic: which batches get transformed, point-in-time history at inference


def test_raw_models_and_feature_table_batches_pass_through_unchanged() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 0.0]})
    features = FeatureTableConfig(ratios={"r": ("a", "b")})
    assert apply_to_batch(frame, FeatureTransform(), "batch.csv") is frame
    spec = FeatureTransform(table="t:1", features=features)
    assert apply_to_batch(frame, spec, "artifact:t:2") is frame  # already a feature table
    out = apply_to_batch(frame, spec, "batch.csv")
    assert out["r"].iloc[0] == 0.5 and np.isnan(out["r"].iloc[1])
    with pytest.raises(DataError, match=r"feature table t:1, which records no transform"):
        apply_to_batch(frame, FeatureTransform(table="t:1"), "batch.csv")


def test_point_in_time_aggregates_at_inference_use_earlier_batch_rows_only() -> None:
    features = FeatureTableConfig(entity="c", timestamp="t", aggregates=["x"])
    spec = FeatureTransform(table="events:3", features=features)
    batch = pd.DataFrame(
        {
            "c": ["a", "a", "b", "a", "a"],
            "t": ["2026-01-03", "2026-01-01", "2026-01-01", "2026-01-02", "2026-01-03"],
            "x": [100.0, 1.0, 7.0, 3.0, 5.0],
        }
    )
    out = apply_to_batch(batch, spec, "events.csv")
    assert out["x_past_count"].tolist() == [2, 0, 0, 1, 2]  # same-time rows do not see each other
    assert out["x_past_mean"].iloc[0] == 2.0 and out["x_past_mean"].iloc[3] == 1.0
    assert np.isnan(out["x_past_mean"].iloc[1])
    with pytest.raises(
        DataError, match=r"column 't' is missing; .* needs it \(features.timestamp\)"
    ):
        apply_to_batch(batch.drop(columns=["t"]), spec, "events.csv")


def test_nightly_trains_on_the_feature_table_without_dropping_columns() -> None:
    import yaml

    nightly = yaml.safe_load((CONFIGS / "nightly.yaml").read_text())
    overrides = nightly["stages"]["training"]["overrides"]
    assert overrides == ["data.source=artifact:churn_features"]
