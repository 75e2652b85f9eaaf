"""Feature pipeline: ingest -> validate -> transform -> write a versioned feature table."""

from typing import Any

from zenml import pipeline
from zenml.enums import ExecutionMode

from core.config import FeatureConfig
from pipelines.hooks import report_failure
from steps.data.fingerprint_source import fingerprint_source
from steps.data.ingest import ingest_data
from steps.data.validate import validate_training_data
from steps.features.transform_features import transform_features
from steps.features.write_feature_table import write_feature_table


@pipeline(on_failure=report_failure, execution_mode=ExecutionMode.FAIL_FAST)
def feature_pipeline(config: FeatureConfig) -> dict[str, Any]:
    """The feature table is a ZenML artifact named `config.features.name`, one version per run."""
    fingerprint = fingerprint_source(config.data)
    raw_data = ingest_data(config.data, fingerprint)
    clean_data, _, schema = validate_training_data(raw_data, config.data, config.validation)
    feature_rows = transform_features(clean_data, config.features)
    table: dict[str, Any] = write_feature_table(feature_rows, config.features, fingerprint, schema)
    return table
