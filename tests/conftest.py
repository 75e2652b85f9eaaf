"""Test isolation: every test session gets its own ZenML config, stores and MLflow database.

The environment is set before anything imports ZenML, so the user's global ZenML state is
never read or written.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.tools import find, missing_line, need, required

# Session-wide server fixtures of the optional stacks (files named after the stack, so a
# project generated without that stack has neither the file nor the fixture).
pytest_plugins = [
    plugin
    for plugin in ("tests.airflow_fixtures", "tests.local_services_fixtures")
    if importlib.util.find_spec(plugin) is not None
]

REPO = Path(__file__).resolve().parent.parent
_ZENML_HOME = Path(tempfile.mkdtemp(prefix="loopstack-zenml-"))
os.environ["ZENML_CONFIG_PATH"] = str(_ZENML_HOME / "config")
os.environ["ZENML_ANALYTICS_OPT_IN"] = "false"
os.environ["ZENML_ENABLE_RICH_TRACEBACK"] = "false"
os.environ["ZENML_LOGGING_VERBOSITY"] = "WARN"
os.environ["AUTO_OPEN_DASHBOARD"] = "false"
os.environ.pop("ZENML_STORE_URL", None)
os.environ.pop("MLFLOW_TRACKING_URI", None)

# The repo's .zen/config.yaml points at the user's active stack and project; move it aside to
# config.yaml.pytest-backup for the session (the folder stays, so the repo stays ZenML's source
# root) and move it back afterwards. The file is on disk all along: a backup left behind by a
# killed session is the user's file, put back first.
_ZEN_DIR = REPO / ".zen"
_ZEN_CONFIG = _ZEN_DIR / "config.yaml"
_ZEN_BACKUP = _ZEN_DIR / "config.yaml.pytest-backup"
if _ZEN_BACKUP.is_file():
    _ZEN_BACKUP.replace(_ZEN_CONFIG)
_HAD_ZEN_DIR = _ZEN_DIR.is_dir()
_ZEN_DIR.mkdir(exist_ok=True)
if _ZEN_CONFIG.is_file():
    _ZEN_CONFIG.replace(_ZEN_BACKUP)
else:
    _ZEN_CONFIG.unlink(missing_ok=True)  # a dangling link


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_ZENML_HOME, ignore_errors=True)
    if _ZEN_BACKUP.is_file():
        _ZEN_BACKUP.replace(_ZEN_CONFIG)
    elif _HAD_ZEN_DIR:
        _ZEN_CONFIG.unlink(missing_ok=True)
    else:
        shutil.rmtree(_ZEN_DIR, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*tools): needs external programs (tests/tools.py); skipped without them"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a test whose `needs` tools are missing under LOOPSTACK_REQUIRE_TOOLS=1, before its
    fixtures start anything (without it, collection marked the test skipped)."""
    if required():
        for marker in item.iter_markers("needs"):
            need(*marker.args)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Fast tests first, then pipeline runs, then tests that start servers."""

    def weight(item: pytest.Item) -> int:
        return (
            2
            if item.get_closest_marker("server")
            else int(bool(item.get_closest_marker("pipeline")))
        )

    items.sort(key=weight)  # stable: keeps file order within each group
    if not required():
        for item in items:
            names = [name for m in item.iter_markers("needs") for name in m.args]
            absent = [name for name in names if find(name) is None]
            if absent:
                item.add_marker(pytest.mark.skip(reason="; ".join(map(missing_line, absent))))


@pytest.fixture(scope="session")
def zenml_home() -> Path:
    return _ZENML_HOME


@pytest.fixture(scope="session")
def local_stack(zenml_home: Path) -> str:
    """The embedded default stack, registered from stacks/local.yaml and active."""
    from stacks.register import stack_up

    os.chdir(REPO)
    stack_up("local", activate=True)
    return "local"
