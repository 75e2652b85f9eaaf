"""Recovery after faults, on real runs of `run.py` (the local stack).

The rows run in order and share the session's ZenML store: a failed run, a killed run, a
normal run (which cleans up after the killed one), then the artifact store folder deleted
under policy `compare` (a clear error) and `always` (a new production model), then the MLflow
store deleted (the `champion` alias comes back from ZenML's stage), then two training runs
that finish together (only one promotes; the other compares against it). The faults and
the checks are in recovery_faults.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.honest.recovery_faults import (
    MODEL,
    Case,
    bad_data,
    champion_alias_restored,
    delete_artifact_store,
    delete_mlflow_store,
    delete_mlflow_store_then_promote,
    kill_a_run,
    killed_run_failed,
    no_empty_version,
    one_promotion,
    production_kept,
    production_replaced,
    race,
    replace_with_always,
    score_with_lost_files,
    staging_alias_restored,
)
from tests.test_cli_errors import REPO, cli

CASES = [
    Case("failed-run", bad_data, 2, ("churn", "deleted model version"), no_empty_version),
    Case("killed-run", kill_a_run, 0, ("marked failed", "completed"), killed_run_failed),
    Case(
        "store-deleted-compare",
        delete_artifact_store,
        2,
        ("lost its files; running without cache", "artifacts are missing", "policy=always"),
        production_kept,
    ),
    Case(
        "store-deleted-scoring",
        score_with_lost_files,
        2,
        ("artifacts are missing", "promotion.policy=always"),
        production_kept,
    ),
    Case(
        "store-deleted-always",
        replace_with_always,
        0,
        ("running without cache", "completed"),
        production_replaced,
    ),
    Case(
        "mlflow-store-deleted",
        delete_mlflow_store,
        0,
        (f"MLflow alias 'champion' of {MODEL} restored", "completed"),
        champion_alias_restored,
    ),
    Case(
        "mlflow-store-deleted-promote",
        delete_mlflow_store_then_promote,
        0,
        (f"MLflow alias 'staging' of {MODEL} restored", "promoted"),
        staging_alias_restored,
    ),
    Case("concurrent-promotions", race, 0, ("completed",), one_promotion),
]


RECOVERY_STACK = "recovery"


@pytest.fixture(scope="module")
def recovery_stack(local_stack: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The local stack with an artifact store of its own (which also holds the embedded MLflow
    store), so deleting them here leaves the session's stores to the other tests."""
    from stacks.register import stack_up

    folder = tmp_path_factory.mktemp("recovery-store")
    spec = yaml.safe_load((REPO / "stacks" / "local.yaml").read_text())
    spec["stack_name"] = RECOVERY_STACK
    store = spec["components"]["artifact_store"][0]
    store.update(name="recovery_artifact_store", configuration={"path": str(folder)})
    path = folder.parent / "recovery-stack.yaml"
    path.write_text(yaml.safe_dump(spec))
    stack_up(str(path), activate=True)
    yield RECOVERY_STACK
    stack_up(local_stack, activate=True)


@pytest.mark.pipeline
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_recovery(case: Case, recovery_stack: str, tmp_path: Path) -> None:
    result = cli(*case.fault(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == case.exit_code, output[-3000:]
    for message in case.messages:
        assert message in output, output[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    case.state()
