"""Training reads a feature table by name and version (`data.source: artifact:<name>:<v>`)."""

from __future__ import annotations

import pytest

from core.errors import DataError
from tests.pipelines.helpers import run_config, step_output

pytestmark = pytest.mark.pipeline

TABLE = "reuse_features"
SMALL = (  # an own model name: its production version must not serve other tests' raw batches
    "model.name=feature_reused",
    "data.sample.rows=1500",
    "candidates=[{name: logreg, kind: logistic_regression}]",
)


def test_training_consumes_a_feature_table_version(local_stack: str) -> None:
    feature_run = run_config("feature", "data.sample.rows=1500", f"features.name={TABLE}")
    ref = step_output(feature_run, "write_feature_table", "feature_table_ref")

    training = run_config("training", *SMALL, f"data.source=artifact:{TABLE}:{ref['version']}")
    assert training.status.value == "completed"
    ingest = training.steps["ingest_data"]
    # lineage: the feature table version is an input of the ingest step
    linked = ingest.inputs[TABLE][0]
    assert linked.uri == ref["uri"] and str(linked.version) == ref["version"]
    recorded = ingest.run_metadata["feature_table"]
    assert recorded["name"] == TABLE and recorded["version"] == ref["version"]
    assert recorded["data_fingerprint"] == ref["data_fingerprint"]
    raw = step_output(training, "ingest_data", "raw_data")
    assert len(raw) == ref["rows"] and "charges_per_tenure_month" in raw.columns


def test_unknown_feature_table_version_names_the_existing_ones(local_stack: str) -> None:
    run_config("feature", "data.sample.rows=600", "features.name=few_features")
    with pytest.raises(DataError) as error:
        run_config("training", *SMALL, "data.source=artifact:few_features:99")
    message = str(error.value)
    assert message == (
        "artifact:few_features:99: feature table 'few_features' has no version '99'; "
        "existing versions: 1 (set data.source to artifact:few_features:<version>)"
    )
    with pytest.raises(DataError, match="no feature table named 'nope_features'"):
        run_config("training", *SMALL, "data.source=artifact:nope_features")


def test_artifact_source_form_is_checked_in_the_config() -> None:
    from core.config import load_config
    from core.errors import ConfigError
    from tests.pipelines.helpers import CONFIGS

    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / "training.yaml", ["data.source=artifact:bad name"])
    assert str(error.value).endswith(
        "training.yaml: data.source: Value error, artifact:bad name: data.source must look like "
        "artifact:<name> or artifact:<name>:<version>"
    )
