"""Shipped rules and dashboard: promtool checks, unit tests, and metric names that exist."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest
import yaml

from tests.observe.conftest import REPO, Observed, tool

PROMETHEUS_DIR = REPO / "observe" / "prometheus"
RULES = PROMETHEUS_DIR / "rules.yml"
DASHBOARD = REPO / "observe" / "grafana" / "loopstack.json"
METRIC = re.compile(r"\bloopstack_[a-z0-9_]+\b")


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("promtool"), *args], capture_output=True, text=True, timeout=120, cwd=REPO
    )


def rule_expressions() -> list[str]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def dashboard_expressions() -> list[str]:
    """PromQL of every panel target."""
    dashboard = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def dashboard_variables() -> list[str]:
    """Grafana variable queries, e.g. label_values(metric, label)."""
    dashboard = json.loads(DASHBOARD.read_text())
    return [v["definition"] for v in dashboard["templating"]["list"] if "definition" in v]


@pytest.mark.needs("promtool")
def test_rules_pass_promtool_check() -> None:
    done = promtool("check", "rules", str(RULES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(rule_expressions())} rules found" in done.stdout


@pytest.mark.needs("promtool")
def test_rules_pass_their_promtool_unit_tests() -> None:
    tests = sorted(str(p) for p in (PROMETHEUS_DIR / "tests").glob("*.yml"))
    assert tests
    done = promtool("test", "rules", *tests)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_every_alert_has_a_unit_test() -> None:
    groups: list[dict[str, Any]] = yaml.safe_load(RULES.read_text())["groups"]
    alerts = {r["alert"] for g in groups for r in g["rules"] if "alert" in r}
    tested = set()
    for path in (PROMETHEUS_DIR / "tests").glob("*.yml"):
        for case in yaml.safe_load(path.read_text())["tests"]:
            tested |= {t["alertname"] for t in case.get("alert_rule_test", []) if t["exp_alerts"]}
    assert alerts == tested, alerts ^ tested


@pytest.mark.pipeline
def test_rules_and_dashboard_use_only_metrics_the_exporter_produces(observed: Observed) -> None:
    """... or the online service's own /metrics (its families, by their sample names)."""
    from serving.endpoints import REGISTRY

    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count")}
    served = {
        family.name + suffix
        for family in REGISTRY.collect()
        for suffix in suffixes.get(family.type, ("",))
    }
    produced = {name for name, _ in observed.after} | served
    used = {
        m
        for expr in rule_expressions() + dashboard_expressions() + dashboard_variables()
        for m in METRIC.findall(expr)
    }
    assert len(used) >= 20
    assert used <= produced, sorted(used - produced)


def test_dashboard_is_importable_grafana_json() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] and dashboard["title"] and dashboard["schemaVersion"] >= 30
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    titles = " ".join(p["title"].lower() for p in dashboard["panels"])
    for topic in ("success rate", "duration", "drift", "metric trend"):
        assert topic in titles
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            assert target["expr"].count("(") == target["expr"].count(")"), target["expr"]
