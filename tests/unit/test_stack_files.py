"""Stack files parse, reference secrets only by name, and expand ${VARS}."""

from __future__ import annotations

import re

import pytest

from cli.stacks import STACKS_DIR, expand_env, read_stack_spec
from core.errors import ConfigError

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


def test_env_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOPSTACK_TEST_PORT", "9999")
    assert expand_env("http://127.0.0.1:${LOOPSTACK_TEST_PORT:-1}") == "http://127.0.0.1:9999"
    assert expand_env("${LOOPSTACK_UNSET_VAR:-5000}") == "5000"
    assert expand_env("{{s3.aws_access_key_id}}") == "{{s3.aws_access_key_id}}"
    with pytest.raises(ConfigError, match="LOOPSTACK_UNSET_VAR"):
        expand_env("${LOOPSTACK_UNSET_VAR}")


def test_unknown_stack_lists_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"known stacks: .*local"):
        read_stack_spec("nope")


def test_literal_credentials_are_caught() -> None:
    assert KEY_LIKE.search("aws_secret_access_key: AKIAabcdefgh1234")
    assert KEY_LIKE.search("tracking_password: hunter2hunter2")
    assert not KEY_LIKE.search('tracking_password: "{{mlflow.password}}"')
    assert not KEY_LIKE.search("authentication_secret: loopstack_s3")
