"""Values an option accepts, as enums: typer checks them and lists them in `--help`."""

from __future__ import annotations

from enum import Enum

from core.promotion.stages import STAGES
from stacks.register import STACKS_DIR

# The stages `promote --stage` can move a version to.
Stage = Enum("Stage", {stage: stage for stage in STAGES}, type=str)  # type: ignore[misc]

# The project's stacks: one per YAML file in stacks/ (a new file adds a choice).
_STACKS = sorted(path.stem for path in STACKS_DIR.glob("*.yaml"))
StackName = Enum("StackName", {name: name for name in _STACKS}, type=str)  # type: ignore[misc]


def value(choice: Enum | None) -> str | None:
    """The plain string of a chosen value (None stays None)."""
    return None if choice is None else str(choice.value)


STACK_HELP = (
    "bring this stack up from stacks/NAME.yaml (registered or updated, as `stack up` does) "
    "and switch to it first"
)
