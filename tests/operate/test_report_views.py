"""The drift, loop-history and batch-inference reports as a user opens them in the dashboard:
run page -> artifact node -> Visualization tab -> Load Preview, in headless Chromium. The
dashboard's frame runs no scripts, so the text must be in the HTML itself."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.operate import zenml_server as zs
from tests.operate.browser import local_page

pytestmark = [pytest.mark.server, pytest.mark.needs("chromium")]

MODEL = "model.name=report_views"
ROWS = "data.sample.rows=1500"
# Runs each (config, overrides) of argv[1] through the launch path run.py uses; prints run ids.
RUNS = """
import json, sys
from cli.run_pipeline import run
from stacks.register import stack_up
from core.config import load_config
stack_up("local")
ids = {}
for label, name, overrides in json.loads(sys.argv[1]):
    path = f"configs/{name}.yaml"
    ids[label] = str(run(load_config(path, overrides), path).id)
print(json.dumps(ids))
"""
DRIFTED = ("data.sample.drift=0.9", "data.sample.batch=4")
SCREENSHOTS = zs.REPO / "docs" / "img"
# What each report's text must show.
PHRASES: dict[str, tuple[str, ...]] = {
    "drift_report": ("Dataset drift:", "Loop decision:"),
    "loop_report": (
        "This window:",
        "Rule: retrain when",
        "2 windows of model report_views: 0 retrains launched",
        "drift in 1 of last 2 windows (needs 2 of 3",
    ),
    "batch_report": (
        "Scored ",
        " of 1,500 rows with report_views version",
        "Predicted classes: this batch vs the training reference",
    ),
}


@pytest.fixture(scope="module")
def runs(dashboard: zs.Dashboard) -> dict[str, str]:
    """training -> batch inference -> a clean and a drifted monitoring window, on the server;
    run ids by label."""
    plan = [
        ("training", "training", (MODEL, ROWS)),
        ("batch_inference", "batch_inference", (MODEL, ROWS, "output.uri=null")),
        ("clean", "monitoring", (MODEL, ROWS, "data.sample.drift=0.0", "data.sample.batch=3")),
        ("drifted", "monitoring", (MODEL, ROWS, *DRIFTED)),
    ]
    out = dashboard.run("-c", RUNS, json.dumps(plan))
    return dict(json.loads(out.strip().splitlines()[-1]))


def open_report(url: str, run_id: str, artifact: str, shot: Path) -> str:
    """The visible text of `artifact`'s visualization on the run's page (a screenshot too)."""
    with local_page() as page:
        page.goto(f"{url}/projects/default/runs/{run_id}", wait_until="networkidle")
        page.get_by_role("button", name="Fit view").click()
        node = page.locator(f".react-flow__node[data-id$='{artifact}']").first
        node.wait_for(timeout=90_000)
        node.click()
        page.get_by_role("tab", name="Visualization").click()
        page.get_by_role("button", name="Load Preview").click(timeout=90_000)
        frame = page.frame_locator("iframe").first
        body = frame.locator("body")
        body.wait_for(timeout=90_000)
        text = body.inner_text(timeout=90_000)
        page.locator("iframe").first.wait_for(state="visible", timeout=90_000)
        page.wait_for_timeout(1_000)  # let the frame paint before the screenshot
        page.screenshot(path=str(shot), timeout=90_000)
        return text


def check(dashboard: zs.Dashboard, run_id: str, artifact: str, tmp_path: Path) -> str:
    shot = tmp_path / f"{artifact.replace('_', '-')}.png"
    text = open_report(dashboard.url, run_id, artifact, shot)
    if os.environ.get("LOOPSTACK_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(shot, SCREENSHOTS / shot.name)
    return text


def report_shows(dashboard: zs.Dashboard, run_id: str, artifact: str, tmp_path: Path) -> str:
    """The report's text, checked to hold each of its `PHRASES`."""
    text = check(dashboard, run_id, artifact, tmp_path)
    for phrase in PHRASES[artifact]:
        assert phrase in text, text[:2000]
    return text


def test_drift_report_shows_the_verdict_and_drifted_columns(
    dashboard: zs.Dashboard, runs: dict[str, Any], tmp_path: Path
) -> None:
    text = report_shows(dashboard, runs["drifted"], "drift_report", tmp_path)
    lines = [line for line in text.splitlines() if line.rstrip().endswith("yes")]
    assert lines, text[:2000]  # at least one drifted column's row


def test_loop_report_shows_this_window_and_the_rule(
    dashboard: zs.Dashboard, runs: dict[str, Any], tmp_path: Path
) -> None:
    report_shows(dashboard, runs["drifted"], "loop_report", tmp_path)


def test_batch_report_shows_rows_and_classes(
    dashboard: zs.Dashboard, runs: dict[str, Any], tmp_path: Path
) -> None:
    report_shows(dashboard, runs["batch_inference"], "batch_report", tmp_path)
