"""Launcher records and the promotion re-read, without a pipeline run."""

from __future__ import annotations

import socket
import subprocess
import sys
from types import SimpleNamespace
from typing import Any
from unittest import mock

from core.promotion.champion import ChampionMetrics
from orchestration.recovery import launcher_marker, process_gone
from steps.promotion.promotion_lock import champion_now


def test_own_process_is_alive_and_a_finished_one_is_gone() -> None:
    assert not process_gone(launcher_marker())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    marker = {"pid": child.pid, "started": 0.0, "host": socket.gethostname()}
    assert process_gone(marker)


def test_reused_pid_counts_as_gone_and_other_hosts_are_not_judged() -> None:
    marker = launcher_marker()
    assert process_gone({**marker, "started": marker["started"] - 100})
    assert not process_gone({**marker, "pid": 999_999_999, "host": "elsewhere"})


def _client(holder: Any) -> Any:
    client = mock.Mock()
    if holder is None:
        client.get_model_version.side_effect = KeyError("none")
    else:
        client.get_model_version.return_value = holder
    return mock.patch("zenml.client.Client", return_value=client)


def scored(version: str, **metrics: float) -> ChampionMetrics:
    return ChampionMetrics(version=version, metrics=metrics)


def test_champion_changed_during_the_run_is_compared_by_its_recorded_metrics() -> None:
    holder = SimpleNamespace(name="7", run_metadata={"holdout": {"roc_auc": 0.9}})
    with _client(holder):
        metrics, note = champion_now("m", "production", scored("5", roc_auc=0.8))
    assert metrics == scored("7", roc_auc=0.9)
    assert "changed to 7" in note


def test_unchanged_champion_keeps_the_evaluated_metrics() -> None:
    evaluated = scored("5", roc_auc=0.8)
    holder = SimpleNamespace(name="5", run_metadata={"holdout": {"roc_auc": 0.1}})
    with _client(holder):
        assert champion_now("m", "production", evaluated) == (evaluated, "")
    with _client(None):
        assert champion_now("m", "production", ChampionMetrics()) == (ChampionMetrics(), "")
