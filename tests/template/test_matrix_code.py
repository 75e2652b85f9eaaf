"""Every combination of the answer matrix renders clean code: ruff passes, every project
import resolves and the CI files are valid."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_passes_on_the_generated_project(case: tuple[dict[str, Any], Path]) -> None:
    _, project = case
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        result = subprocess.run([str(RUFF), *args], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, f"ruff {args[0]}:\n{result.stdout}{result.stderr}"


def test_ci_files_are_valid(case: tuple[dict[str, Any], Path], actionlint: Any) -> None:
    answers, project = case
    if answers["ci_provider"] == "github":
        workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
        assert [w.name for w in workflows] == ["ci.yml", "promote.yml"]
        assert actionlint(*workflows) == []
        ci = yaml.safe_load(workflows[0].read_text())
        assert set(ci["jobs"]) == {"lint", "fast", "test"}
        assert ci["jobs"]["test"]["steps"][-1]["run"] == "make test"  # what the README says
        fast = ci["jobs"]["fast"]
        assert fast["steps"][-1]["run"] == "make test-fast"
        assert set(fast["strategy"]["matrix"]["os"]) == {"ubuntu-latest", "macos-latest"}
        assert fast["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
        for job in ci["jobs"].values():  # uv's download cache is kept between runs
            uv = [
                s for s in job["steps"] if str(s.get("uses", "")).startswith("astral-sh/setup-uv")
            ]
            assert uv and uv[0]["with"]["enable-cache"] is True
        promote = yaml.safe_load(workflows[1].read_text())
        assert "workflow_dispatch" in promote[True]  # YAML 1.1 reads the key `on` as True
    elif answers["ci_provider"] == "gitlab":
        ci = yaml.safe_load((project / ".gitlab-ci.yml").read_text())
        jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "script" in v}
        assert set(jobs) == {"lint", "test", "promote"}
        assert jobs["test"]["script"] == ["make test PYTHON=python"]  # what the README says
        for name, job in jobs.items():
            assert job["stage"] in ci["stages"], name
            assert all(isinstance(line, str) for line in job["script"]), name
        assert jobs["promote"]["when"] == "manual"
        assert answers["python_version"] in ci["default"]["image"]


def _guarded_imports(tree: ast.AST) -> set[int]:
    """ids of import nodes under `if alerts_included():` (optional parts found at run time)."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "alerts_included()" in ast.unparse(node.test):
            for branch in node.body:
                guarded |= {id(n) for n in ast.walk(branch) if isinstance(n, ast.ImportFrom)}
    return guarded


def test_every_project_import_resolves(case: tuple[dict[str, Any], Path]) -> None:
    """No generated module imports a project module that the answers left out (imports of
    optional parts guarded by `alerts_included()` only when the part is there)."""
    answers, project = case
    packages = {p.name for p in project.iterdir() if (p / "__init__.py").is_file()}
    packages |= {p.stem for p in project.glob("*.py")}
    missing = []
    for path in project.rglob("*.py"):
        tree = ast.parse(path.read_text())
        guarded = set() if answers["alerts"] else _guarded_imports(tree)
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [] if id(node) in guarded else [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] not in packages:
                    continue
                base = project.joinpath(*parts)
                if not (base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()):
                    missing.append(f"{path.relative_to(project)}: {name}")
    assert missing == []
