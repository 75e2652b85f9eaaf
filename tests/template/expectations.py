"""What a generated project must contain, stated independently of copier.yml's `_exclude`.

The rules here are the specification; `copier.yml` is the implementation. Both name the files
of optional parts by the same convention (see template/TEMPLATE.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

# Top-level entries of the template repository that are not part of generated projects
# (a generated project gets its own LICENSE from the `license` answer).
NOT_IN_PROJECTS = {"copier.yml", "template", ".github", "CHANGELOG.md", "LICENSE"}
# Subtrees and files that are not part of generated projects: the template's own release
# procedure and its benchmark results (a project gets an empty bench/results/).
NOT_IN_PROJECTS_UNDER = ("tests/template/", "docs/releasing.md", "bench/results/")
# ... except these, under a subtree above.
IN_PROJECTS_UNDER = {"bench/results/.gitkeep"}
# Reference files that a generated project gets in a rendered form (not byte-identical).
RENDERED_FROM_REFERENCE = {
    "README.md",
    "pyproject.toml",
    "uv.lock",
    ".gitignore",
    ".python-version",
    "integrations/README.md",
}
RENDERED_CONFIGS = {
    f"configs/{n}.yaml"
    for n in ("training", "batch_inference", "monitoring", "promotion", "serve")
}
STACKS = ("local-services", "airflow", "kubeflow")
STACK_MARKERS: dict[str, tuple[str, ...]] = {
    "local-services": ("local-services", "local_services"),
    "airflow": ("airflow",),
    "kubeflow": ("kubeflow", "kfp"),
}
# Stacks built from two optional stacks: their files carry their own name and need both.
COMBINED_STACKS: dict[str, tuple[str, ...]] = {"airflow-services": ("airflow", "local-services")}
COMBINED_MARKERS: dict[str, tuple[str, ...]] = {
    "airflow-services": ("airflow-services", "airflow_services")
}
# Files of the alerting option carry `alert` in their name.
ALERT_MARKER = "alert"
# Dependency groups every project has (none of them installed by `make setup`).
ALWAYS_GROUPS = ("bench", "browser", "dev")
# Dependency groups of optional stacks in pyproject.toml (and the project's entry in uv.lock).
STACK_GROUPS = {"kubeflow": "kubeflow", "services": "local-services"}
# Make fragments of optional stacks (and of the combined ones).
STACK_MAKEFILES = {stack: f"make/{stack}.mk" for stack in (*STACKS, "airflow-services")}
CI_FILES = {
    "github": {".github/workflows/ci.yml", ".github/workflows/promote.yml"},
    "gitlab": {".gitlab-ci.yml"},
    "none": set(),
}


def stack_of(path: str) -> str | None:
    """The optional stack a reference file belongs to, by its name, or None."""
    parts = PurePosixPath(path).parts
    for stack, markers in STACK_MARKERS.items():
        if any(marker in part for part in parts for marker in markers):
            return stack
    is_services = any(
        part == "services" or part.startswith("services.") or part == "services_commands.py"
        for part in parts
    )
    return "local-services" if is_services else None


def stacks_of(path: str) -> set[str]:
    """Every optional stack a reference file needs, by its name (empty: always shipped)."""
    parts = PurePosixPath(path).parts
    for combined, markers in COMBINED_MARKERS.items():
        if any(marker in part for part in parts for marker in markers):
            return set(COMBINED_STACKS[combined])
    stack = stack_of(path)
    return {stack} if stack else set()


def is_alerting(path: str) -> bool:
    """Whether a reference file belongs to the alerting option, by its name."""
    return any(ALERT_MARKER in part for part in PurePosixPath(path).parts)


def expected_groups(answers: Mapping[str, Any]) -> list[str]:
    """The dependency groups of a project generated with `answers`, in pyproject order."""
    selected = set(answers.get("stacks", STACKS))
    return [*ALWAYS_GROUPS, *(g for g, stack in STACK_GROUPS.items() if stack in selected)]


def in_projects(path: str) -> bool:
    """Whether a reference file is shipped to generated projects at all."""
    top = PurePosixPath(path).parts[0]
    if path in IN_PROJECTS_UNDER:
        return True
    return top not in NOT_IN_PROJECTS and not path.startswith(NOT_IN_PROJECTS_UNDER)


def expected_files(reference_files: Iterable[str], answers: Mapping[str, Any]) -> set[str]:
    """The exact file set of a project generated with `answers` from `reference_files`."""
    selected = set(answers.get("stacks", STACKS))
    files = set()
    for path in reference_files:
        if not in_projects(path):
            continue
        if not stacks_of(path) <= selected:
            continue
        if is_alerting(path) and not answers.get("alerts", True):
            continue
        files.add(path)
    files |= {"README.md", "pyproject.toml", "LICENSE", ".copier-answers.yml"}
    files |= CI_FILES[answers.get("ci_provider", "github")]
    return files
