"""The template and the reference project are one: default answers give the reference back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from copier import run_copy

from tests.template.conftest import REPO, generate, load_toml, reference_files, snapshot
from tests.template.expectations import NOT_IN_PROJECTS, expected_files, in_projects

# The identity of the reference project; every other answer keeps its default.
REFERENCE_ANSWERS = {
    "project_name": "loopstack",
    "description": load_toml(REPO / "pyproject.toml")["project"]["description"],
}
GENERATED_ONLY = {
    "LICENSE",
    ".copier-answers.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/promote.yml",
}
# Probe files named like the optional parts' files, added to a snapshot to exercise `_exclude`.
PROBES = {
    "stacks/airflow.yaml": "airflow",
    "stacks/kubeflow.yaml": "kubeflow",
    "stacks/local-services.yaml": "local-services",
    "stacks/airflow-services.yaml": "airflow-services",
    "tests/airflow_services/__init__.py": "airflow-services",
    "servers/local_services/__init__.py": "local-services",
    "servers/airflow/__init__.py": "airflow",
    "core/kubeflow_settings.py": "kubeflow",
    "tests/unit/test_local_services_probe.py": "local-services",
    "core/alerting_probe.py": "alerts",
    "steps/alerts/__init__.py": "alerts",
}


def test_every_top_level_entry_is_templated_or_excluded() -> None:
    """A new top-level file or folder must get a symlink in template/ (or be declared)."""
    template = REPO / "template"
    templated = {p.name.removesuffix(".jinja") for p in template.iterdir()}
    for entry in sorted({rel.split("/")[0] for rel in reference_files()}):
        assert entry in templated or entry in NOT_IN_PROJECTS, (
            f"{entry}: add `ln -s ../{entry} template/{entry}` (or list it in NOT_IN_PROJECTS)"
        )
    for link in template.rglob("*"):
        if link.is_symlink():
            target = link.resolve()
            assert target.exists(), f"{link}: dangling symlink"
            assert target.is_relative_to(REPO) and not target.is_relative_to(template), link


def test_default_answers_reproduce_the_reference_project(projects: Any) -> None:
    project = projects(REFERENCE_ANSWERS)
    generated = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    reference = {rel for rel in reference_files() if in_projects(rel)}
    assert generated - GENERATED_ONLY == reference
    differing = [
        rel
        for rel in sorted(reference)
        if (project / rel).read_bytes() != (REPO / rel).read_bytes()
    ]
    # README.md is the generated project's own document; everything else must be identical,
    # configs and pyproject.toml included (they are templates of the reference files).
    assert differing == ["README.md"], (
        "rendered with default answers these differ from the reference: "
        f"{differing}; update template/ together with the reference file"
    )


def test_exclude_rules_drop_unselected_parts_by_name(workdir: Path) -> None:
    src = snapshot(workdir / "probe-src", {rel: "# probe\n" for rel in PROBES})
    everything = generate(src, workdir / "probe-all", {})
    nothing = generate(src, workdir / "probe-none", {"stacks": [], "alerts": False})
    for rel, part in PROBES.items():
        assert (everything / rel).is_file(), rel
        assert not (nothing / rel).exists(), f"{rel} ({part} not selected) was generated"
    assert not (nothing / "servers" / "local_services").exists(), "no empty folders of excluded parts"
    assert not (nothing / "servers" / "airflow").exists()
    assert not (nothing / "steps" / "alerts").exists()
    only_airflow = generate(src, workdir / "probe-airflow", {"stacks": ["airflow"]})
    assert (only_airflow / "stacks" / "airflow.yaml").is_file()
    assert not (only_airflow / "stacks" / "airflow-services.yaml").exists()
    assert not (only_airflow / "tests" / "airflow_services").exists()
    files = reference_files(src)
    cases = (
        ({}, everything),
        ({"stacks": [], "alerts": False}, nothing),
        ({"stacks": ["airflow"]}, only_airflow),
    )
    for answers, project in cases:
        got = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
        assert got == expected_files(files, answers)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_slug": "Bad_Slug"}, "'Bad_Slug' is not a valid slug"),
        ({"candidates": ["svm"]}, "'svm' is not in"),
        ({"task": "multiclass"}, "built-in churn sample is binary"),
        ({"dataset": "data/table.txt"}, "must be builtin:churn, a .csv/.parquet path"),
        ({"model_name": "9lives"}, "must start with a letter"),
        ({"author_email": "nobody"}, "is not an e-mail address"),
        ({"ci_provider": "jenkins"}, "'jenkins' is not in"),
    ],
    ids=["slug", "model", "task", "dataset", "model_name", "email", "ci"],
)
def test_invalid_answers_fail_with_a_clear_message(
    template_src: Path, tmp_path: Path, answers: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.").replace("/", "/")):
        run_copy(
            str(template_src),
            str(tmp_path / "p"),
            data=answers,
            defaults=True,
            vcs_ref="HEAD",
            quiet=True,
        )
    assert not (tmp_path / "p" / "pyproject.toml").exists()


def test_this_repository_workflows_pass_actionlint(actionlint: Any) -> None:
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows, "the template repository ships its own CI workflow"
    assert actionlint(*workflows) == []


def test_actionlint_reports_a_broken_workflow(actionlint: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.nope }}\n"
    )
    assert [f["kind"] for f in actionlint(broken)] == ["expression"]


def test_pinned_pipeline_test_values_are_the_reference_configs() -> None:
    """tests/pipelines pins the reference values; in this repository they change nothing."""
    from core.config import load_config
    from tests.pipelines.helpers import CONFIGS, PINNED

    for name, overrides in PINNED.items():
        path = CONFIGS / f"{name}.yaml"
        assert load_config(path, list(overrides)) == load_config(path), name
