"""Promotion from the open-source ZenML dashboard: Deployments -> Playground -> Run, in Chromium."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from servers.process import stop_pid
from tests.operate import zenml_server as zs
from tests.operate.browser import local_page

pytestmark = [pytest.mark.server, pytest.mark.needs("chromium")]

MODEL = "churn_classifier"  # the promotion pipeline's default model
SCREENSHOT = zs.REPO / "docs" / "img" / "promotion-playground.png"
SEED = (
    "from stacks.register import stack_up; stack_up('local'); import json;"
    "from tests.operate.seed_models import seed_versions; print(json.dumps("
    f"seed_versions('{MODEL}', [{{'roc_auc': 0.80, 'passed': True, 'stage': 'production'}},"
    "{'roc_auc': 0.86, 'passed': True}])))"
)


@pytest.fixture(scope="module")
def deployed(dashboard: zs.Dashboard) -> Iterator[dict[str, Any]]:
    """Two model versions on the session's ZenML server (champion 0.80, challenger 0.86) with the
    local stack, and `run.py serve-promotion` (which adds a local deployer)."""
    url = dashboard.url
    versions = json.loads(dashboard.run("-c", SEED).strip().splitlines()[-1])
    served = dashboard.run("run.py", "serve-promotion", "--name", "promotion")
    deployment = _deployment(url, "promotion")
    try:
        yield {"url": url, "versions": versions, "served": served, "deployment": deployment}
    finally:
        stop_pid(int(deployment["metadata"]["deployment_metadata"]["pid"]))


def _get(url: str, path: str, **params: Any) -> Any:
    response = requests.get(f"{url}/api/v1/{path}", params={**params, "hydrate": True}, timeout=30)
    response.raise_for_status()
    return response.json()


def _deployment(url: str, name: str) -> Any:
    (item,) = _get(url, "deployments", name=name)["items"]
    return item


def _stage(url: str, version: str) -> str:
    model_id = _get(url, "models", name=MODEL)["items"][0]["id"]
    items = _get(url, "model_versions", model=model_id, name=version)["items"]
    return str(items[0]["body"]["stage"])


def test_playground_run_changes_the_model_stage(deployed: dict[str, Any], tmp_path: Path) -> None:
    url, (champion, challenger) = deployed["url"], deployed["versions"]
    assert "deployment 'promotion'" in deployed["served"]
    assert _stage(url, challenger) in ("None", "none")
    params = {
        "model": MODEL,
        "version": challenger,
        "stage": "production",
        "reason": "browser test",
        "force": False,
        "metric": "roc_auc",
    }
    with local_page(height=900) as page:
        page.goto(f"{url}/projects/default/deployments", wait_until="networkidle")
        page.get_by_role("link", name="promotion", exact=True).first.click()
        page.locator('a[href$="/playground"]').first.click()
        editor = page.locator(".monaco-editor").first
        editor.wait_for(timeout=90_000)
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        _paste(page, json.dumps(params, indent=2))
        page.get_by_role("button", name="Run", exact=True).click()
        page.get_by_text(f"version {challenger} -> production: checks passed").wait_for(
            timeout=120_000
        )
        shot = tmp_path / "promotion-playground.png"
        page.screenshot(path=str(shot), timeout=90_000)
    assert _stage(url, challenger) == "production"
    assert _stage(url, champion) == "archived"
    if os.environ.get("LOOPSTACK_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(shot, SCREENSHOT)


def _paste(page: Any, text: str) -> None:
    """Paste into the Monaco editor (typing would trigger its auto-closing of brackets)."""
    page.evaluate(
        """(text) => {
            const area = document.querySelector('.monaco-editor textarea');
            const data = new DataTransfer();
            data.setData('text/plain', text);
            area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }""",
        text,
    )
