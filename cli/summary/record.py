"""What a summary reads from a finished run: step outputs and step metadata, as ZenML recorded
them (so it reads the same on every stack), behind a small interface tests can fake."""

from __future__ import annotations

from typing import Any, Protocol

from core.metadata_keys import ROWS_QUARANTINED


class RunRecord(Protocol):
    """A finished run as the summaries see it."""

    def output(self, step: str, name: str) -> Any:
        """The loaded value of output artifact `name` of `step`, or None."""

    def uri(self, step: str, name: str) -> str | None:
        """Where output artifact `name` of `step` is stored, or None."""

    def metadata(self, step: str) -> dict[str, Any]:
        """The step's run metadata ({} when the step did not run)."""

    def steps(self) -> list[str]:
        """Names of the steps that ran."""


class ZenMLRun:
    """`RunRecord` over ZenML's pipeline run response (`Client().get_pipeline_run(...)`).

    The run's steps are listed once: ZenML's `run.steps` queries the store on every access, and
    each step's metadata and outputs are then read from the same (hydrated once) responses.
    """

    def __init__(self, run: Any) -> None:
        self.run = run
        self._steps: dict[str, Any] | None = None

    def _all_steps(self) -> dict[str, Any]:
        if self._steps is None:
            self._steps = dict(self.run.steps)
        return self._steps

    def _step(self, step: str) -> Any:
        return self._all_steps().get(step)

    def _artifact(self, step: str, name: str) -> Any:
        found = self._step(step)
        versions = found.outputs.get(name) if found is not None else None
        return versions[0] if versions else None

    def output(self, step: str, name: str) -> Any:
        artifact = self._artifact(step, name)
        return artifact.load() if artifact is not None else None

    def uri(self, step: str, name: str) -> str | None:
        artifact = self._artifact(step, name)
        return str(artifact.uri) if artifact is not None else None

    def metadata(self, step: str) -> dict[str, Any]:
        found = self._step(step)
        return dict(found.run_metadata) if found is not None else {}

    def steps(self) -> list[str]:
        return list(self._all_steps())


def aligned(rows: list[tuple[str, str]], indent: str = "  ") -> list[str]:
    """`label: value` lines with the values in one column."""
    width = max((len(label) for label, _ in rows), default=0) + 1
    return [f"{indent}{(label + ':').ljust(width)} {value}" for label, value in rows]


def top_counts(counts: dict[str, Any] | None, limit: int = 3) -> str:
    """'reason 12, other 3' for the `limit` biggest counts."""
    items = sorted((counts or {}).items(), key=lambda kv: -int(kv[1]))[:limit]
    return ", ".join(f"{key} {int(value)}" for key, value in items)


def quarantine_line(meta: dict[str, Any]) -> str:
    """'3 rows (range: age 2, missing: plan 1)' or '0 rows'."""
    count = int(meta.get(ROWS_QUARANTINED) or 0)
    reasons = top_counts(meta.get("quarantine_reasons"))
    return f"{count} rows ({reasons})" if count and reasons else f"{count} rows"
