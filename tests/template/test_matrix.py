"""Every combination of the answer matrix renders a complete project: the exact file set,
verbatim copies, the answers in its files, nothing of an unselected option (its code and CI:
test_matrix_code.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from core.config import BatchInferenceConfig, MonitoringConfig, TrainingConfig, load_config
from tests.template.conftest import REPO, load_toml, reference_files
from tests.template.expectations import (
    ALERT_MARKER,
    COMBINED_STACKS,
    RENDERED_CONFIGS,
    RENDERED_FROM_REFERENCE,
    STACK_MAKEFILES,
    STACKS,
    expected_files,
    expected_groups,
)

RESIDUE = ("{{", "{%", "%}")
GITHUB_EXPRESSION = re.compile(r"\$\{\{[^{}]*\}\}")


def files_of(project: Path) -> set[str]:
    return {
        p.relative_to(project).as_posix()
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(project).parts
    }


def test_exact_file_set(case: tuple[dict[str, Any], Path]) -> None:
    answers, project = case
    expected = expected_files(reference_files(), answers)
    got = files_of(project)
    assert got - expected == set(), "generated but not expected"
    assert expected - got == set(), "expected but not generated (symlink missing in template/?)"
    assert not [p for p in project.rglob("*") if p.is_symlink()], "symlinks must be resolved"


def test_copies_are_verbatim_and_rendered_files_have_no_residue(
    case: tuple[dict[str, Any], Path],
) -> None:
    _, project = case
    rendered = []
    for rel in sorted(files_of(project)):
        source = REPO / rel
        if source.is_file() and source.read_bytes() == (project / rel).read_bytes():
            continue  # a verbatim copy of the reference (may hold ZenML `{{secret.key}}` refs)
        rendered.append(rel)
        text = (project / rel).read_text()
        if rel.startswith(".github/"):
            text = GITHUB_EXPRESSION.sub("", text)  # `${{ github.ref }}` is GitHub's, not ours
        found = [mark for mark in RESIDUE if mark in text]
        assert not found, f"{rel}: template residue {found}"
    allowed = (
        RENDERED_FROM_REFERENCE
        | RENDERED_CONFIGS
        | {
            "LICENSE",
            ".copier-answers.yml",
            ".gitlab-ci.yml",
            ".github/workflows/ci.yml",
            ".github/workflows/promote.yml",
        }
    )
    assert set(rendered) <= allowed, "only templated files may differ from the reference"


def test_files_parse_and_carry_the_answers(case: tuple[dict[str, Any], Path]) -> None:
    answers, project = case
    for path in [*project.rglob("*.yaml"), *project.rglob("*.yml")]:
        yaml.safe_load(path.read_text())
    meta = load_toml(project / "pyproject.toml")
    project_name = answers["project_name"].lower().replace(" ", "-")
    assert meta["project"]["name"] == project_name
    assert meta["project"]["license"] == {"text": answers["license"]}
    assert meta["tool"]["mypy"]["python_version"] == answers["python_version"]
    assert ("authors" in meta["project"]) == bool(answers["author_name"] or answers["author_email"])
    assert answers["project_name"] in (project / "README.md").read_text()
    lock = load_toml(project / "uv.lock")
    (own,) = [p for p in lock["package"] if p.get("source") == {"virtual": "."}]
    assert own["name"] == project_name, "uv sync --frozen needs the lock to name the project"

    training = load_config(project / "configs" / "training.yaml")
    assert isinstance(training, TrainingConfig)
    assert [c.kind for c in training.candidates] == [
        k
        for k in (
            "logistic_regression",
            "random_forest",
            "extra_trees",
            "hist_gradient_boosting",
            "gradient_boosting",
        )
        if k in answers["candidates"]
    ]
    assert training.promotion.policy == answers["promotion_policy"]
    assert training.promotion.stage == answers["promotion_stage"]
    assert training.data.source == answers["dataset"]
    metric = "f1" if answers["task"] == "multiclass" else "roc_auc"
    assert training.selection_metric == training.promotion.metric == metric
    if not answers["dataset"].startswith("builtin:"):
        assert training.data.target == answers["target_column"]
        assert training.data.id_column == (answers.get("id_column") or None)
    for name in ("batch_inference", "monitoring"):
        config = load_config(project / "configs" / f"{name}.yaml")
        assert isinstance(config, BatchInferenceConfig | MonitoringConfig)
        assert config.model.name == training.model.name
        assert config.stage == answers["promotion_stage"]
        assert config.data.source == answers["dataset"]

    promotion = yaml.safe_load((project / "configs" / "promotion.yaml").read_text())
    assert promotion["model"]["name"] == training.model.name
    assert promotion["metric"] == metric

    saved = yaml.safe_load((project / ".copier-answers.yml").read_text())

    def norm(value: Any) -> Any:  # copier stores multiselect answers in the choices' order
        return sorted(value) if isinstance(value, list) else value

    assert {k: norm(saved[k]) for k in answers} == {k: norm(v) for k, v in answers.items()}
    assert (project / ".python-version").read_text() == answers["python_version"] + "\n"
    assert sorted(p.name for p in (project / "bench" / "results").iterdir()) == [".gitkeep"]
    license_text = (project / "LICENSE").read_text()
    assert {
        "MIT": "MIT License",
        "Apache-2.0": "Apache License",
        "BSD-3-Clause": "BSD 3-Clause",
        "Proprietary": "All rights reserved",
    }[answers["license"]] in license_text


def test_unselected_options_leave_nothing_behind(case: tuple[dict[str, Any], Path]) -> None:
    """No alert files without alerts; no make target, dependency group or README section of a
    stack that was not selected (and all of them for the selected ones)."""
    answers, project = case
    alert_files = sorted(p for p in files_of(project) if ALERT_MARKER in p)
    readme = (project / "README.md").read_text()
    if answers["alerts"]:
        assert "integrations/alerts.py" in alert_files and "## Alerts" in readme
    else:
        assert alert_files == []
        assert "## Alerts" not in readme and "alerter" not in readme
        assert "alert" not in (project / "integrations" / "README.md").read_text()

    groups = expected_groups(answers)
    meta = load_toml(project / "pyproject.toml")
    assert list(meta["dependency-groups"]) == groups
    assert meta["tool"]["uv"]["default-groups"] == []  # `make setup` installs no group
    (own,) = [
        p for p in load_toml(project / "uv.lock")["package"] if p.get("source") == {"virtual": "."}
    ]
    assert own["default-groups"] == []
    assert list(own["dev-dependencies"]) == list(own["metadata"]["requires-dev"]) == groups

    makefile = (project / "Makefile").read_text()
    for stack in STACKS:
        selected = stack in answers["stacks"]
        fragment = STACK_MAKEFILES[stack]
        assert (project / fragment).is_file() == selected, fragment
        assert fragment not in makefile  # pulled in by `include make/*.mk`, never by name
        target = f"{stack.removeprefix('local-')}-" + ("compile" if stack == "kubeflow" else "up")
        dry = subprocess.run(
            ["make", "-n", target], cwd=project, capture_output=True, text=True, timeout=60
        )
        assert (dry.returncode == 0) == selected, f"make -n {target}: {dry.stderr}"
        assert (f"### {stack}" in readme) == selected, f"README section of {stack}"
        assert (f"make {target}" in readme) == selected, f"README: make {target}"
    for combined, parts in COMBINED_STACKS.items():
        selected = set(parts) <= set(answers["stacks"])
        assert (project / STACK_MAKEFILES[combined]).is_file() == selected, combined
        assert (project / "stacks" / f"{combined}.yaml").is_file() == selected, combined
        dry = subprocess.run(
            ["make", "-n", f"{combined}-up"], cwd=project, capture_output=True, text=True
        )
        assert (dry.returncode == 0) == selected, f"make -n {combined}-up: {dry.stderr}"
