"""Airflow's REST API (v2) with the simple auth manager's token: find, trigger and wait for DAGs."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import requests

from cli.progress import waiting
from core.errors import LoopstackError
from servers.airflow.home import ADMIN_USER, AirflowHome

FINISHED = ("success", "failed")
T = TypeVar("T")


@dataclass
class AirflowClient:
    home: AirflowHome
    _token: str | None = None

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """One API call; an HTTP error becomes a one-line LoopstackError."""
        try:
            response = requests.request(
                method,
                f"{self.home.url}/api/v2{path}",
                timeout=30,
                headers={"Authorization": f"Bearer {self.token()}"},
                **kwargs,
            )
        except requests.ConnectionError:
            raise LoopstackError(
                f"airflow is not answering on {self.home.url}: start it with `make airflow-up`"
            ) from None
        if not response.ok:
            raise LoopstackError(
                f"airflow {method} {path}: HTTP {response.status_code} {response.text[:200]}"
            )
        return response.json()

    def token(self) -> str:
        if self._token is None:
            try:
                response = requests.post(
                    f"{self.home.url}/auth/token",
                    timeout=30,
                    json={"username": ADMIN_USER, "password": self.home.admin_password()},
                )
            except requests.ConnectionError:
                raise LoopstackError(
                    f"airflow is not answering on {self.home.url}: start it with `make airflow-up`"
                ) from None
            if not response.ok:
                raise LoopstackError(f"airflow login failed: HTTP {response.status_code}")
            self._token = str(response.json()["access_token"])
        return self._token

    def wait_for_dag(self, dag_id: str, timeout: float = 120.0) -> dict[str, Any]:
        """Wait until the dag-processor has parsed `dag_id` (it lists new files every 2 s)."""

        def parsed() -> dict[str, Any] | None:
            dags = self.request("GET", "/dags", params={"dag_id_pattern": dag_id})["dags"]
            return next((dict(d) for d in dags if d["dag_id"] == dag_id), None)

        with waiting(f"waiting for Airflow to load DAG {dag_id}"):
            return _poll(
                parsed,
                timeout,
                f"airflow has not loaded DAG {dag_id} after {timeout:.0f} s: check "
                f"`{self.home.bin / 'airflow'} dags list-import-errors` and "
                f"{self.home.logs / 'dag-processor.log'}",
            )

    def trigger(self, dag_id: str) -> str:
        """Start a DAG run now; return its run id."""
        run = self.request("POST", f"/dags/{dag_id}/dagRuns", json={"logical_date": None})
        return str(run["dag_run_id"])

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 3600.0) -> str:
        """Poll the DAG run until it succeeds or fails; return the final state."""

        def finished() -> str | None:
            state = str(self.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}")["state"])
            return state if state in FINISHED else None

        message = f"airflow DAG run {dag_id}/{run_id} not finished after {timeout:.0f} s"
        with waiting(f"Airflow DAG run {dag_id}", lambda: self.tasks_done(dag_id, run_id)):
            return _poll(finished, timeout, message)  # each second: the end is seen sooner

    def wait_for_first_run(self, dag_id: str, timeout: float = 300.0) -> str:
        """The id of the first run of `dag_id` (an `@once` DAG is started by the scheduler)."""

        def started() -> str | None:
            runs = self.request("GET", f"/dags/{dag_id}/dagRuns", params={"limit": 1})
            return str(runs["dag_runs"][0]["dag_run_id"]) if runs["dag_runs"] else None

        with waiting(f"waiting for the Airflow scheduler to start DAG {dag_id}"):
            return _poll(
                started,
                timeout,
                f"airflow has not started DAG {dag_id} after {timeout:.0f} s: is the scheduler "
                "running (`python run.py airflow status`)? "
                f"log: {self.home.logs / 'scheduler.log'}",
            )

    def task_states(self, dag_id: str, run_id: str) -> dict[str, str]:
        items = self.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances")
        return {t["task_id"]: str(t["state"]) for t in items["task_instances"]}

    def tasks_done(self, dag_id: str, run_id: str) -> str:
        """`5/12 tasks done, 1 running` for a progress line."""
        states = list(self.task_states(dag_id, run_id).values())
        done = sum(state in ("success", "skipped") for state in states)
        running = sum(state == "running" for state in states)
        return f"{done}/{len(states)} tasks done, {running} running"


def _poll(check: Callable[[], T | None], timeout: float, failure: str, every: float = 1.0) -> T:
    """Call `check` until it returns something; after `timeout` seconds a one-line error."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise LoopstackError(failure)
        time.sleep(every)


def dag_zips(home: AirflowHome) -> list[Path]:
    """DAG zips ZenML wrote to the DAGs folder, newest first."""
    return sorted(home.dags.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)


def dag_config(path: Path) -> dict[str, Any]:
    """The DAG configuration ZenML wrote into a DAG zip."""
    import json

    with zipfile.ZipFile(path) as archive:
        return dict(json.loads(archive.read("config.json")))


def latest_dag_id(home: AirflowHome) -> str:
    zips = dag_zips(home)
    if not zips:
        raise LoopstackError(
            f"no DAG in {home.dags}: run a pipeline on the airflow stack first "
            "(`python run.py --config configs/training.yaml --stack airflow`)"
        )
    return str(dag_config(zips[0])["id"])
