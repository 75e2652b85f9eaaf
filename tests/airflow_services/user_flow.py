"""The user's commands on the `airflow-services` stack, run verbatim in subprocesses.

`UserShell` has the environment of a user who ran `make airflow-services-up`: the services'
ZenML config (logged in to the ZenML server), their ports, and the session's Airflow home.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servers.airflow.home import AirflowHome
from servers.airflow.rest import dag_config, dag_zips
from tests.pipelines.helpers import PINNED
from tests.run_output import status_line
from tests.services.helpers import BUCKET, Services, run_python

Completed = subprocess.CompletedProcess[str]
MODEL = "airflow_services_churn"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"
# The pinned answers of the pipeline tests, small: 1500 rows, one candidate.
TRAINING = (*PINNED["training"], "data.sample.rows=1500", ONE)
PINNED_TRAINING = [
    o for o in PINNED["training"] if not o.startswith(("data.source", "data.sample"))
]
# The retraining child loads configs/training.yaml: the same pinned answers, one candidate,
# and a retrained model that passes the gate replaces the champion.
RETRAIN_WITH = "loop.retrain.overrides=" + json.dumps(
    [*PINNED_TRAINING, ONE, "promotion.policy=always"]
)
PREDICTIONS = f"s3://{BUCKET}/predictions"  # a worker's disk is not shared: copies go to S3


@dataclass(frozen=True)
class Outcome:
    """One `python run.py --config ...`: the run it started, its final status, the wall time."""

    pipeline: str
    run: str
    status: str
    seconds: float
    output: str


@dataclass(frozen=True)
class UserShell:
    services: Services
    airflow: AirflowHome

    @property
    def env(self) -> dict[str, str]:
        return {
            **self.services.env,
            "LOOPSTACK_AIRFLOW_HOME": str(self.airflow.root),
            "LOOPSTACK_AIRFLOW_PORT": str(self.airflow.port),
        }

    def command(self, *args: str, env: dict[str, str] | None = None) -> Completed:
        """`python ARGS` in the repo (e.g. `run.py ...`, `-m ...`), as the user runs it."""
        return run_python(*args, env=env or self.env, timeout=3600)

    def zenml(self, *args: str) -> Completed:
        return self.command(str(Path(sys.executable).parent / "zenml"), *args)

    def record(self, kind: str, *args: str, env: dict[str, str] | None = None) -> Any:
        """What the ZenML server (or the store of `env`) holds (records.py here)."""
        done = self.command("-m", "tests.airflow_services.records", kind, *args, env=env)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def pipeline(
        self,
        config: str,
        *overrides: str,
        flags: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
    ) -> Outcome:
        """`python run.py --config configs/<config>.yaml [FLAGS] --set ...`. On the local Airflow
        the DAG starts by itself; run.py waits and prints `<pipeline>: run <name> <status>`."""
        sets = [arg for override in overrides for arg in ("--set", override)]
        started = time.monotonic()
        config_file = f"configs/{config}.yaml"
        done = self.command("run.py", "--config", config_file, *flags, *sets, env=env)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        pipeline, name, status = status_line(done.stdout)
        seconds = time.monotonic() - started
        print(f"{config} on {flags or 'the active stack'}: {name} {status} in {seconds:.0f} s")
        return Outcome(pipeline, name, status, seconds, done.stdout)


def task_environment(airflow: AirflowHome, snapshot_id: str) -> dict[str, str]:
    """The environment ZenML gave the tasks of a run (from its DAG's config.json)."""
    for path in dag_zips(airflow):
        tasks = dag_config(path)["tasks"]
        if any(snapshot_id in task["arguments"] for task in tasks):
            return dict(tasks[0]["environment"])
    raise AssertionError(f"no DAG for snapshot {snapshot_id} in {airflow.dags}")


def assert_on_airflow_and_services(shell: UserShell, outcome: Outcome) -> dict[str, Any]:
    """Completed by Airflow, recorded by the ZenML server, every artifact in the bucket."""
    assert outcome.status == "completed", outcome.output[-3000:]
    record = shell.record("run", outcome.run)
    assert (record["stack"], record["orchestrator"]) == ("airflow-services", "airflow")
    statuses = set(record["steps"].values())
    # a step whose inputs an earlier run already saw is served from ZenML's cache, as anywhere
    assert "completed" in statuses and statuses <= {"completed", "cached"}, record["steps"]
    bucket = f"s3://{BUCKET}/"
    assert record["artifact_uris"], record
    assert [u for u in record["artifact_uris"] if not u.startswith(bucket)] == []
    assert str(record["code_path"]).startswith(bucket)  # the tasks ran the archive from S3
    env = task_environment(shell.airflow, record["snapshot_id"])
    # the tasks report to the ZenML server, never to a local database of their own
    assert env["ZENML_STORE_TYPE"] == "rest"
    assert env["ZENML_STORE_URL"] == shell.services.url("zenml")
    return dict(record)
