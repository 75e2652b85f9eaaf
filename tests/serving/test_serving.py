"""The online service answers real HTTP requests: good rows, bad rows, parity with batch
inference, a promotion and a rollback while a client keeps sending, the auth key."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from core.data.builtin import generate_churn
from servers.process import pid_alive
from tests.pipelines.helpers import CONFIGS, PINNED, run_config, step_output
from tests.serving.conftest import (
    MODEL,
    ONE,
    REPO,
    ROWS,
    Service,
    as_json_rows,
    cli,
    deploy,
    stop,
)

pytestmark = pytest.mark.server


def _rows(count: int, batch: int) -> list[dict[str, Any]]:
    return as_json_rows(generate_churn(count, batch=batch).drop(columns=["churned"]))


def test_good_rows_are_scored_with_the_production_version(service: Service, champion: str) -> None:
    answer = service.predict(_rows(3, batch=7))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["model"], body["version"], body["stage"]) == (MODEL, champion, "production")
    assert len(body["predictions"]) == len(body["probabilities"]) == 3
    for probabilities in body["probabilities"]:
        assert set(probabilities) == {"0", "1"} and sum(probabilities.values()) == pytest.approx(1)


def test_bad_rows_are_named_with_their_reasons_and_nothing_is_scored(service: Service) -> None:
    rows = _rows(4, batch=8)
    rows[1]["age"] = "forty"
    rows[3]["monthly_charges"] = "n/a"
    answer = service.predict(rows)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert "2 of 4 rows failed validation" in body["error"]
    assert [problem["row"] for problem in body["rows"]] == [1, 3]
    assert "age" in " ".join(body["rows"][0]["reasons"])
    without = [{k: v for k, v in row.items() if k != "tenure_months"} for row in rows[:1]]
    missing = service.predict(without)
    assert missing.status_code == 422 and "tenure_months" in missing.json()["error"]
    metrics = requests.get(f"{service.url}/metrics", timeout=30).text
    assert 'loopstack_serve_requests_total{model="served",status="422"}' in metrics


def test_the_service_and_batch_inference_give_the_same_predictions(service: Service) -> None:
    batch = run_config("batch_inference", f"model.name={MODEL}", "data.sample.rows=300")
    raw = step_output(batch, "ingest_data", "raw_data")
    scored = step_output(batch, "predict", "predictions").set_index("customer_id")
    answer = service.predict(as_json_rows(raw))
    assert answer.status_code == 200, answer.text
    online = dict(zip(raw["customer_id"], answer.json()["predictions"], strict=True))
    assert len(online) == len(scored) == 300
    assert {cid: scored.loc[cid, "prediction"] for cid in online} == online
    first = answer.json()["probabilities"][0]["1"]
    assert scored.loc[raw["customer_id"].iloc[0], "proba_1"] == pytest.approx(first, abs=1e-6)


def test_a_promotion_and_a_rollback_reach_a_client_that_keeps_sending(
    service: Service, champion: str
) -> None:
    seen: list[tuple[int, str]] = []
    done = threading.Event()
    rows = _rows(2, batch=9)

    def client() -> None:
        while not done.is_set():
            answer = service.predict(rows)
            seen.append((answer.status_code, answer.json().get("version", answer.text)))
            time.sleep(0.05)

    sender = threading.Thread(target=client, daemon=True)
    sender.start()
    try:
        newer = run_config("training", f"model.name={MODEL}", ROWS, ONE, "promotion.policy=always")
        version = str(step_output(newer, "promote_model", "promotion_decision")["model_version"])
        _wait_for_version(seen, version)
        cli(
            "promote",
            "--stack",
            "local",
            "--model",
            MODEL,
            "--version",
            champion,
            "--stage",
            "production",
            "--force",
            "--reason",
            "rollback test",
        )
        mark = len(seen)
        _wait_for_version(seen, champion, after=mark)
    finally:
        done.set()
        sender.join(timeout=60)
    assert {status for status, _ in seen} == {200}, [s for s in seen if s[0] != 200][:3]
    versions = [v for _, v in seen]
    assert versions[0] == champion and version in versions and versions[-1] == champion


def _wait_for_version(seen: list[tuple[int, str]], version: str, after: int = 0) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(v == version for _, v in seen[after:]):
            return
        time.sleep(0.2)
    raise AssertionError(f"version {version} never answered: {seen[after:][-3:]}")


def test_with_auth_a_request_needs_the_key_and_auth_off_drops_it(champion: str) -> None:
    """auth=true: 401 without the key or with a wrong one, 200 with it; the same service
    deployed again with auth=false answers without a key (the stored key is gone)."""
    guarded = deploy("loopstack-serve-auth", "auth=true")
    rows = _rows(1, batch=10)
    try:
        assert guarded.key
        assert guarded.predict(rows, key="wrong").status_code == 401
        assert _without_key(guarded, rows).status_code == 401
        assert guarded.predict(rows).status_code == 200
        keyed = guarded
        guarded = deploy(keyed.name, "auth=false", port=keyed.url.rsplit(":", 1)[1])
        assert guarded.key is None and not pid_alive(keyed.pid)
        answer = _without_key(guarded, rows)
        assert answer.status_code == 200, answer.text
        status = cli("serve", "status", "--name", guarded.name)
        assert "auth: none" in status, status
    finally:
        stop(guarded)


def _without_key(service: Service, rows: list[dict[str, Any]]) -> requests.Response:
    return requests.post(f"{service.url}/predict", json={"rows": rows}, timeout=60)


def test_a_nightly_deploy_stage_keeps_a_running_service_and_goes_on(
    service: Service, tmp_path: Path
) -> None:
    """`pipeline: serve` as a nightly stage: a running service is left as it is (it follows
    the stage), and the stages after it run."""
    from typer.testing import CliRunner

    from run import app

    port = service.url.rsplit(":", 1)[1]
    nightly = {
        "pipeline": "nightly",
        "stages": {
            "deploy": {
                "config": str(CONFIGS / "serve.yaml"),
                "overrides": [f"name={service.name}", f"port={port}", f"model.name={MODEL}"],
            },
            "batch_inference": {
                "config": str(CONFIGS / "batch_inference.yaml"),
                "overrides": [*PINNED["batch_inference"], f"model.name={MODEL}"],
            },
        },
    }
    path = tmp_path / "nightly.yaml"
    path.write_text(yaml.safe_dump(nightly))
    result = CliRunner().invoke(app, ["--config", str(path)])
    assert result.exit_code == 0, result.output
    assert "nightly: deploy: run serve_deploy_pipeline" in result.output
    assert f"completed: {service.name} already running at {service.url}" in result.output
    assert "nightly: batch_inference: run " in result.output
    assert service.predict(_rows(1, batch=11)).status_code == 200


def test_a_deploy_without_a_version_in_the_stage_fails_at_once_and_starts_nothing(
    champion: str,
) -> None:
    """A stage that holds no version (the service could not start) is a one-line error before
    any process starts, not a wait for ZenML's deploy timeout."""
    name = "loopstack-serve-no-version"
    done = subprocess.run(
        [sys.executable, "run.py", "serve", "deploy", "--stack", "local"]
        + [f"--set={s}" for s in (f"name={name}", f"model.name={MODEL}", "stage=staging")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode != 0, done.stdout
    assert f"model '{MODEL}' has no staging version" in done.stderr, done.stderr[-2000:]
    status = subprocess.run(
        [sys.executable, "run.py", "serve", "status", "--name", name],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert status.returncode != 0 and f"no deployment named '{name}'" in status.stderr
