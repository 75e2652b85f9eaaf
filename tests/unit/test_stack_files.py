"""Stack files parse, reference secrets only by name, and take environment overrides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from core.errors import ConfigError
from stacks.overrides import OVERRIDES_KEY, apply_overrides, fill_template
from stacks.register import STACKS_DIR, read_stack_spec

REPO = STACKS_DIR.parent

# `authentication_secret: <name>` names a ZenML secret: that is the reference, not a value.
KEY_LIKE = re.compile(
    r"(?<!authentication_)(secret|password|token|access_key)[\w]*\s*:\s*['\"]?(?!\{\{)"
    r"[A-Za-z0-9/+]{8,}"
)


@pytest.mark.parametrize("path", sorted(STACKS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_stack_files_parse_and_hold_no_literal_secrets(path) -> None:  # type: ignore[no-untyped-def]
    spec = read_stack_spec(str(path))
    assert spec.name and spec.components
    assert {"orchestrator", "artifact_store"} <= {c.type for c in spec.components}
    assert not KEY_LIKE.search(path.read_text()), "credentials must be ZenML secret references"


def test_local_stack_is_embedded() -> None:
    spec = read_stack_spec("local")
    flavors = {c.type: c.flavor for c in spec.components}
    assert flavors == {
        "orchestrator": "local",
        "artifact_store": "local",
        "experiment_tracker": "mlflow",
        "model_registry": "mlflow",
        "data_validator": "evidently",
    }
    tracker = next(c for c in spec.components if c.type == "experiment_tracker")
    assert "tracking_uri" not in tracker.configuration  # embedded sqlite store, no server


@pytest.mark.parametrize("path", sorted(STACKS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_what_zenml_reads_has_no_variables_and_every_override_applies(path) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text())
    zenml_part = {key: data[key] for key in ("stack_name", "zenml_version", "components")}
    assert "${" not in yaml.safe_dump(zenml_part)  # `zenml stack import` takes it literally
    templates = yaml.safe_dump(data.get(OVERRIDES_KEY) or {})
    every_variable = {name: "X" for name in re.findall(r"\$\{(\w+)\}", templates)}
    spec = read_stack_spec(str(path), values=every_variable)  # names real components and keys
    assert spec.name == data["stack_name"]


def shipped(stack: str) -> pytest.MarkDecorator:
    """Skip where a generated project left this stack out."""
    return pytest.mark.skipif(not (STACKS_DIR / f"{stack}.yaml").is_file(), reason=f"no {stack}")


@shipped("local-services")
def test_an_override_applies_only_when_its_variable_is_set() -> None:
    def s3_store(values: dict[str, str]) -> dict[str, object]:
        spec = read_stack_spec("local-services", values=values)
        return next(c.configuration for c in spec.components if c.name == "s3_store")

    default = s3_store({})
    assert default["path"] == "s3://loopstack"
    assert default["client_kwargs"] == {
        "endpoint_url": "http://127.0.0.1:8333",
        "region_name": "us-east-1",
    }
    changed = s3_store({"LOOPSTACK_S3_BUCKET": "b1", "LOOPSTACK_S3_PORT": "18001"})
    assert changed["path"] == "s3://b1"
    assert changed["client_kwargs"] == {
        "endpoint_url": "http://127.0.0.1:18001",
        "region_name": "us-east-1",
    }
    assert changed["authentication_secret"] == "loopstack_s3"  # secrets stay references


@shipped("airflow")
def test_relative_dag_folder_becomes_absolute_and_follows_the_airflow_home(
    tmp_path: Path,
) -> None:
    def dag_folder(values: dict[str, str]) -> object:
        spec = read_stack_spec("airflow", values=values)
        return next(
            c.configuration["dag_output_dir"] for c in spec.components if c.name == "airflow_local"
        )

    assert dag_folder({}) == str(REPO / ".state" / "airflow" / "dags")
    assert dag_folder({"LOOPSTACK_AIRFLOW_HOME": str(tmp_path)}) == str(tmp_path / "dags")
    assert dag_folder({"LOOPSTACK_AIRFLOW_HOME": "elsewhere"}) == str(REPO / "elsewhere" / "dags")


def test_templates_and_override_entries_are_checked(tmp_path: Path) -> None:
    assert fill_template("http://${HOST}:${PORT}", {"HOST": "h", "PORT": "1"}) == "http://h:1"
    assert fill_template("http://${HOST}:${PORT}", {}) is None
    with pytest.raises(ConfigError, match="also needs PORT"):
        fill_template("http://${HOST}:${PORT}", {"HOST": "h"})
    with pytest.raises(ConfigError, match="names no"):
        fill_template("literal", {})
    path = tmp_path / "x.yaml"
    configurations = {"store": {"path": "s3://a", "client_kwargs": {"endpoint_url": "u"}}}
    with pytest.raises(ConfigError, match=r"environment_overrides\.nope: no such component"):
        apply_overrides(path, configurations, {"nope": {"path": "${A}"}}, {})
    with pytest.raises(ConfigError, match="write its default inline"):
        apply_overrides(path, configurations, {"store": {"client_kwargs.region": "${A}"}}, {})
    apply_overrides(
        path, configurations, {"store": {"client_kwargs.endpoint_url": "${A}"}}, {"A": "v"}
    )
    assert configurations["store"]["client_kwargs"] == {"endpoint_url": "v"}


def test_unknown_stack_lists_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"known stacks: .*local"):
        read_stack_spec("nope")


def test_literal_credentials_are_caught() -> None:
    assert KEY_LIKE.search("aws_secret_access_key: AKIAabcdefgh1234")
    assert KEY_LIKE.search("tracking_password: hunter2hunter2")
    assert not KEY_LIKE.search('tracking_password: "{{mlflow.password}}"')
    assert not KEY_LIKE.search("authentication_secret: loopstack_s3")
