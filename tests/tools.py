"""External programs some tests need (tests/README.md lists which test needs which).

`find(name)` looks on PATH, then in the usual places a package manager or Playwright puts them.
`need(name)` returns the path, or skips the test with one line naming the tool and the command
that installs it. With LOOPSTACK_REQUIRE_TOOLS=1 (CI, `.ci/run`) a missing tool fails the test
instead, so CI never passes by skipping.
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE = "LOOPSTACK_REQUIRE_TOOLS"
PROMETHEUS_INSTALL = (
    "`make prometheus-deps` as root, Debian/Ubuntu `apt-get install prometheus`, "
    "macOS `brew install prometheus`"
)
NODE_INSTALL = "Debian/Ubuntu `apt-get install nodejs npm`, macOS `brew install node`"


@dataclass(frozen=True)
class Tool:
    names: tuple[str, ...]  # program names, tried in order
    install: str  # how to install it, for the skip line
    places: tuple[str, ...] = ()  # absolute paths tried when PATH has none of the names


def _bins(*names: str) -> tuple[str, ...]:
    """`name` in the usual folders that may be missing from PATH."""
    folders = (
        "/usr/local/bin",
        "/opt/homebrew/bin",
        "/home/linuxbrew/.linuxbrew/bin",
        str(Path.home() / ".local" / "bin"),
        "/snap/bin",
    )
    return tuple(f"{folder}/{name}" for name in names for folder in folders)


TOOLS = {
    "promtool": Tool(("promtool",), PROMETHEUS_INSTALL, _bins("promtool")),
    "prometheus": Tool(("prometheus",), PROMETHEUS_INSTALL, _bins("prometheus")),
    "chromium": Tool(
        ("chromium", "chromium-browser"),
        "`make browser-deps` (runs `.venv/bin/playwright install chromium`; "
        "as root on Debian/Ubuntu `apt-get install chromium`)",
        (
            *_bins("chromium", "chromium-browser"),
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
        ),
    ),
    "node": Tool(("node",), NODE_INSTALL, _bins("node")),
    "npm": Tool(("npm",), NODE_INSTALL, _bins("npm")),
}


def _playwright_chromium() -> str | None:
    """The Chromium `playwright install chromium` downloaded, if it did."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as play:
            path = play.chromium.executable_path
    except Exception:  # no driver or no browser: not installed
        return None
    return path if path and os.access(path, os.X_OK) else None


@functools.cache
def find(name: str) -> str | None:
    """Absolute path of the tool, or None."""
    tool = TOOLS[name]
    for program in tool.names:
        path = shutil.which(program)
        if path:
            return path
    for place in tool.places:
        if os.path.isfile(place) and os.access(place, os.X_OK):
            return place
    if name == "chromium":
        return _playwright_chromium()
    return None


def missing_line(name: str) -> str:
    return f"{name} not found; install {TOOLS[name].install}"


def required() -> bool:
    """LOOPSTACK_REQUIRE_TOOLS is set: a missing tool is a failure."""
    return os.environ.get(REQUIRE, "") not in ("", "0")


def unavailable(line: str) -> NoReturn:
    """Skip the test with `line` (fail it under REQUIRE): a tool it needs cannot be had."""
    if required():
        pytest.fail(f"{line} ({REQUIRE} is set)", pytrace=False)
    pytest.skip(line)


def need(*names: str) -> list[str]:
    """Paths of the tools, in order; a missing one skips the test (fails it under REQUIRE)."""
    paths = []
    for name in names:
        path = find(name)
        if path is None:
            unavailable(missing_line(name))
        paths.append(path)
    return paths


def install_chromium() -> int:
    """`make browser-deps`: Debian's chromium as root with apt-get, else Playwright's own build
    (best effort, bounded in time); one line and exit 0 if neither works, so `make test` goes on
    and the dashboard test is skipped (exit 2 under LOOPSTACK_REQUIRE_TOOLS=1)."""
    import subprocess
    import sys

    def run(*command: str) -> bool:
        try:
            done = subprocess.run(command, capture_output=True, timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
        return done.returncode == 0

    root_apt = os.geteuid() == 0 and shutil.which("apt-get") is not None
    if find("chromium") is None and root_apt:
        env = ("env", "DEBIAN_FRONTEND=noninteractive")
        install = (*env, "apt-get", "install", "-y", "-qq", "chromium")
        _ = run(*install) or (run("apt-get", "update", "-qq") and run(*install))
        find.cache_clear()
    if find("chromium") is None:  # not root, or no Debian chromium (Ubuntu ships a snap)
        deps = ("--with-deps",) if root_apt else ()
        run(sys.executable, "-m", "playwright", "install", *deps, "chromium")
        find.cache_clear()
    if find("chromium") is None:
        print(f"browser-deps: {missing_line('chromium')}; the dashboard test will be skipped")
        return 2 if required() else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(install_chromium())
