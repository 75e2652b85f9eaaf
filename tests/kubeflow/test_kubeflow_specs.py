"""Every pipeline compiles with ZenML's Kubeflow orchestrator to a spec kfp's schema accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.errors import ConfigError
from orchestration.kfp_spec import check_spec, load_spec, spec_dag
from orchestration.kubeflow_spec import PIPELINES, compile_all

IMAGE = "localhost:5000/loopstack/steps:test"
RESOURCES = "run.resources={train_hgb: {cpu: 2}, train_forest: {cpu: 1.5}}"


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    output = tmp_path_factory.mktemp("kfp")
    lines = compile_all(output, [RESOURCES], image=IMAGE)
    assert len(lines) == len(PIPELINES), lines
    return {name: output / f"{name}.yaml" for name in PIPELINES}


def test_every_pipeline_compiles_to_a_valid_spec(specs: dict[str, Path]) -> None:
    for name, path in specs.items():
        spec = load_spec(path.read_text(), str(path))
        assert spec.pipeline_info.name, name
        assert spec.root.dag.tasks, name


def test_training_dag_matches_the_pipeline(specs: dict[str, Path]) -> None:
    dag = spec_dag(load_spec(specs["training"].read_text()))
    trains = {"train_logreg", "train_forest", "train_hgb"}  # configs/training.yaml candidates
    assert trains <= set(dag)
    assert dag["fingerprint_source"] == set()
    assert dag["ingest_data"] == {"fingerprint_source"}
    assert dag["select_best"] == trains
    for train in trains:
        assert dag[train] == {"split_data", "validate_training_data"}
    assert "promote_model" in dag and "register_model" in dag["promote_model"]
    assert dag["record_feature_transform"] == {"fingerprint_source"}
    assert len(dag) == 16


def test_inference_and_monitoring_dags(specs: dict[str, Path]) -> None:
    inference = spec_dag(load_spec(specs["batch_inference"].read_text()))
    assert inference["predict"] == {"validate_batch"}
    assert inference["validate_batch"] == {"ingest_data"}
    assert inference["export_predictions"] == {"predict", "fingerprint_source"}
    monitoring = spec_dag(load_spec(specs["monitoring"].read_text()))
    assert {"fingerprint_source", "ingest_data", "validate_batch", "check_drift"} <= set(monitoring)
    assert monitoring["check_drift"] == {"validate_batch"}
    assert monitoring["fingerprint_source"] == set()


def test_image_and_per_step_resources_are_in_the_spec(specs: dict[str, Path]) -> None:
    executors = yaml.safe_load(specs["training"].read_text())["deploymentSpec"]["executors"]
    assert {e["container"]["image"] for e in executors.values()} == {IMAGE}
    assert executors["exec-train-hgb"]["container"]["resources"]["cpuLimit"] == 2.0
    assert executors["exec-train-forest"]["container"]["resources"]["cpuLimit"] == 1.5
    assert "resources" not in executors["exec-train-logreg"]["container"]


def test_broken_specs_fail_validation(specs: dict[str, Path]) -> None:
    text = specs["training"].read_text()
    data = yaml.safe_load(text)
    unknown = {**data, "root": {**data["root"], "notAField": 1}}
    with pytest.raises(ConfigError, match="invalid KFP PipelineSpec"):
        load_spec(yaml.safe_dump(unknown), "unknown-field.yaml")
    wrong_type = yaml.safe_load(text)
    wrong_type["root"]["dag"]["tasks"]["select-best"]["dependentTasks"] = "train-hgb"
    with pytest.raises(ConfigError, match="invalid KFP PipelineSpec"):
        load_spec(yaml.safe_dump(wrong_type), "wrong-type.yaml")

    spec = load_spec(text)
    expected = spec_dag(spec)
    expected["select_best"] = expected["select_best"] - {"train_hgb"}
    with pytest.raises(ConfigError, match=r"wrong dependencies \['select_best'\]"):
        check_spec(spec, expected, "training.yaml")


def test_feature_promotion_and_retrain_compile_with_the_same_options(
    specs: dict[str, Path],
) -> None:
    """The drift retrain is the training DAG, launched with the same image and resources."""
    assert spec_dag(load_spec(specs["retrain"].read_text())) == spec_dag(
        load_spec(specs["training"].read_text())
    )
    retrain = yaml.safe_load(specs["retrain"].read_text())["deploymentSpec"]["executors"]
    assert retrain["exec-train-hgb"]["container"]["resources"]["cpuLimit"] == 2.0
    assert spec_dag(load_spec(specs["promotion"].read_text())) == {"promote_version": set()}
    feature = spec_dag(load_spec(specs["feature"].read_text()))
    assert "write_feature_table" in feature and feature["fingerprint_source"] == set()
    for name in ("feature", "promotion", "retrain"):
        executors = yaml.safe_load(specs[name].read_text())["deploymentSpec"]["executors"]
        assert {e["container"]["image"] for e in executors.values()} == {IMAGE}, name


def test_the_serving_pipelines_compile_with_the_step_image(specs: dict[str, Path]) -> None:
    """The online service's pipeline (one `score_request` task) and the nightly deploy stage
    (one `deploy_service` task) compile like the runs, with the same image."""
    assert spec_dag(load_spec(specs["serving"].read_text())) == {"score_request": set()}
    assert spec_dag(load_spec(specs["serve_deploy"].read_text())) == {"deploy_service": set()}
    for name in ("serving", "serve_deploy"):
        executors = yaml.safe_load(specs[name].read_text())["deploymentSpec"]["executors"]
        assert {e["container"]["image"] for e in executors.values()} == {IMAGE}, name
