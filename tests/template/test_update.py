"""`copier update` from the previous release tag to the current one keeps the user's work."""

from __future__ import annotations

from pathlib import Path

from copier import run_update

from tests.template.conftest import generate, git, snapshot

ANSWERS = {"project_name": "Churn Watch", "stacks": ["airflow"], "candidates": ["random_forest"]}
NEW_STEPS_NOTE = "\nRelease note: steps never read the active stack at import time.\n"
NEW_README_LINE = "\nSee `configs/README.md` for every configuration key.\n"
NEW_FILE = "core/modeling/new_in_next_release.md"


def _previous_release(src: Path) -> None:
    """Turn the snapshot into the previous release: the current one minus a few changes."""
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
    git(src, "tag", "v0.1.0")
    for path, text in new.items():
        path.write_text(text)
    (src / NEW_FILE).write_text("# new\n")
    (src / "core" / "modeling" / "dropped_in_next_release.md").unlink()
    git(src, "add", "-A")
    git(src, "commit", "-qm", "current release")
    git(src, "tag", "v0.2.0")


def test_update_from_previous_tag_applies_cleanly_and_keeps_user_edits(workdir: Path) -> None:
    src = snapshot(workdir / "update-src")
    _previous_release(src)
    project = generate(src, workdir / "update-project", ANSWERS, ref="v0.1.0")
    assert not (project / NEW_FILE).exists()
    assert (project / "core" / "modeling" / "dropped_in_next_release.md").is_file()
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated at v0.1.0")

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
        vcs_ref="v0.2.0",
        quiet=True,
        skip_answered=True,
    )

    assert "_commit: v0.2.0" in (project / ".copier-answers.yml").read_text()
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
