"""`copier update` from the previous release tag to the current one keeps the user's work.

The previous release is the newest `v*` tag reachable from HEAD when there is one on another
commit than HEAD: a project generated from that tag is updated to this working tree. Without
such a tag (no release yet, or HEAD is the release) the previous release is this working tree
minus a few changes. Either way both releases carry the same few synthetic changes, so the
assertions below are the same.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from copier import run_update
from packaging.version import Version

from tests.template.conftest import REPO, generate, git, reference_files, snapshot

ANSWERS = {"project_name": "Churn Watch", "stacks": ["airflow"], "candidates": ["random_forest"]}
NEW_STEPS_NOTE = "\nRelease note: steps never read the active stack at import time.\n"
NEW_README_LINE = "\nSee `configs/README.md` for every configuration key.\n"
NEW_FILE = "core/modeling/new_in_next_release.md"


def newest_release_tag() -> str | None:
    """The newest `v*` tag reachable from HEAD, if it is on another commit than HEAD."""
    described = subprocess.run(
        ["git", "describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    tag = described.stdout.strip()
    if described.returncode != 0 or not tag:
        return None
    if git(REPO, "rev-parse", f"{tag}^{{commit}}") == git(REPO, "rev-parse", "HEAD"):
        return None
    return tag


def _released_tree(tag: str, dst: Path) -> None:
    """`dst` as a git repository whose one commit is the tree of `tag` in this repository."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", tag], cwd=REPO, capture_output=True, check=True
    )
    dst.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dst, filter="tar")
    git(dst, "init", "-q")
    git(dst, "add", "-A")
    git(dst, "commit", "-qm", f"release {tag}")


def _replace_tree_with_working_tree(src: Path) -> None:
    """Make `src`'s files this repository's working tree (what `snapshot` copies)."""
    git(src, "rm", "-rq", ".")
    for rel in reference_files():
        target = src / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target, follow_symlinks=False)


def _releases(workdir: Path) -> tuple[Path, str, str]:
    """A template repository with two release tags: (path, previous tag, current tag)."""
    tag = newest_release_tag()
    if tag is None:
        src = snapshot(workdir / "update-src")
        _previous_release(src)
        return src, "v0.1.0", "v0.2.0"
    previous = Version(tag.removeprefix("v"))
    current = f"v{previous.major}.{previous.minor}.{previous.micro + 1}"
    src = workdir / "update-src"
    _released_tree(tag, src)
    _previous_release(src, previous_tag=tag, current_tag=current, base=tag)
    return src, tag, current


def _previous_release(
    src: Path, previous_tag: str = "v0.1.0", current_tag: str = "v0.2.0", base: str = ""
) -> None:
    """Tag the previous and the current release in `src`: the previous one is its tree (the
    snapshot, or the `base` release's tree) minus a few changes, the current one this working
    tree plus them."""
    if base:
        _apply_previous_changes(src)
        git(src, "add", "-A")
        git(src, "commit", "-qm", "previous release")
        git(src, "tag", previous_tag)
        _replace_tree_with_working_tree(src)
        _apply_current_changes(src)
        git(src, "add", "-A")
        git(src, "commit", "-qm", "current release")
        git(src, "tag", current_tag)
        return
    steps_readme = src / "steps" / "README.md"
    steps_readme.write_text(steps_readme.read_text() + NEW_STEPS_NOTE)
    readme = src / "template" / "README.md.jinja"
    readme.write_text(readme.read_text() + NEW_README_LINE)
    (src / NEW_FILE).write_text("# new\n")
    # The previous release is the snapshot without these changes: commit it with them
    # reverted, tag it, then restore them as the current release.
    old = {
        steps_readme: steps_readme.read_text().removesuffix(NEW_STEPS_NOTE),
        readme: readme.read_text().removesuffix(NEW_README_LINE),
    }
    new = {path: path.read_text() for path in old}
    for path, text in old.items():
        path.write_text(text)
    (src / NEW_FILE).unlink()
    (src / "core" / "modeling" / "dropped_in_next_release.md").write_text("# old\n")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "previous release")
    git(src, "tag", previous_tag)
    for path, text in new.items():
        path.write_text(text)
    (src / NEW_FILE).write_text("# new\n")
    (src / "core" / "modeling" / "dropped_in_next_release.md").unlink()
    git(src, "add", "-A")
    git(src, "commit", "-qm", "current release")
    git(src, "tag", current_tag)


def _apply_previous_changes(src: Path) -> None:
    """The previous release's side of the synthetic changes: a file the next one drops."""
    (src / "core" / "modeling" / "dropped_in_next_release.md").write_text("# old\n")


def _apply_current_changes(src: Path) -> None:
    """The current release's side: a steps note, a README line, a new file."""
    steps_readme = src / "steps" / "README.md"
    steps_readme.write_text(steps_readme.read_text() + NEW_STEPS_NOTE)
    readme = src / "template" / "README.md.jinja"
    readme.write_text(readme.read_text() + NEW_README_LINE)
    (src / NEW_FILE).write_text("# new\n")


def test_update_from_previous_tag_applies_cleanly_and_keeps_user_edits(workdir: Path) -> None:
    src, previous, current = _releases(workdir)
    project = generate(src, workdir / "update-project", ANSWERS, ref=previous)
    assert not (project / NEW_FILE).exists()
    assert (project / "core" / "modeling" / "dropped_in_next_release.md").is_file()
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", f"generated at {previous}")

    # The user's own work: an edit of a file the release does not touch, and a new file.
    gate = project / "core" / "modeling" / "gate.py"
    gate.write_text(gate.read_text() + "\n# team note: gate thresholds agreed with risk\n")
    config = project / "configs" / "training.yaml"
    config.write_text(config.read_text().replace("min_accuracy: 0.70", "min_accuracy: 0.75"))
    (project / "data").mkdir()
    (project / "data" / "ours.csv").write_text("a,b\n1,2\n")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "our changes")

    run_update(
        str(project),
        defaults=True,
        overwrite=True,
        vcs_ref=current,
        quiet=True,
        skip_answered=True,
    )

    assert f"_commit: {current}" in (project / ".copier-answers.yml").read_text()
    assert (project / "steps" / "README.md").read_text().endswith(NEW_STEPS_NOTE)
    assert (project / "README.md").read_text().endswith(NEW_README_LINE)
    assert (project / NEW_FILE).is_file()
    assert not (project / "core" / "modeling" / "dropped_in_next_release.md").exists()
    assert gate.read_text().endswith("# team note: gate thresholds agreed with risk\n")
    assert "min_accuracy: 0.75" in config.read_text()
    assert (project / "data" / "ours.csv").read_text() == "a,b\n1,2\n"
    status = git(project, "status", "--porcelain")
    assert ".rej" not in status
    conflicted = git(project, "diff", "--name-only", "--diff-filter=U")
    assert conflicted == ""
    markers = [
        p
        for p in project.rglob("*")
        if p.is_file() and ".git" not in p.parts and "<<<<<<< " in p.read_text(errors="ignore")
    ]
    assert markers == []
