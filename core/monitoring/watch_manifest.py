"""The watcher's persisted manifest: which files were seen, how far each got, and why not.

Each file goes `new -> inferred -> done`, or ends `rejected` (failed validation: never
retried) or `failed` (anything else: retried on the next start). The state is written
atomically after every stage, so a crash or restart resumes a file at the stage it had not
finished and never repeats a finished one.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from core.data.formats import CSV_SUFFIXES, PARQUET_SUFFIXES

Status = Literal["new", "inferred", "done", "rejected", "failed"]
FINAL: tuple[Status, ...] = ("done", "rejected")
IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp")


def is_candidate(name: str) -> bool:
    """Table files only; hidden files and in-progress uploads are never picked up."""
    base = name.rstrip("/").rsplit("/", 1)[-1].lower()
    if base.startswith((".", "_", "~")) or base.endswith(IGNORED_SUFFIXES):
        return False
    return base.endswith(CSV_SUFFIXES + PARQUET_SUFFIXES)


class FileEntry(BaseModel):
    uri: str
    signature: str  # size + modification time (or ETag) when it was taken
    status: Status = "new"
    reason: str = ""
    runs: dict[str, str] = Field(default_factory=dict)  # stage -> pipeline run name
    updated: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Manifest:
    """A JSON file of `FileEntry` by uri."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, FileEntry] = {}
        if path.is_file():
            raw = json.loads(path.read_text() or "{}")
            self.entries = {k: FileEntry.model_validate(v) for k, v in raw.items()}

    def todo(self, uris: list[str]) -> list[str]:
        """Files not finished yet (new ones, or unfinished / failed before a restart)."""
        return [u for u in uris if u not in self.entries or self.entries[u].status not in FINAL]

    def update(
        self, uri: str, signature: str, status: Status, reason: str = "", **runs: str
    ) -> None:
        entry = self.entries.get(uri) or FileEntry(uri=uri, signature=signature)
        entry.signature, entry.status, entry.reason = signature, status, reason
        entry.runs.update(runs)
        entry.updated = datetime.now(UTC)
        self.entries[uri] = entry
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {k: v.model_dump(mode="json") for k, v in self.entries.items()}
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
        os.replace(tmp, self.path)


class StabilityTracker:
    """A file is stable once its signature is unchanged for `settle` seconds of observation."""

    def __init__(self, settle: float) -> None:
        self.settle = settle
        self._seen: dict[str, tuple[str, float]] = {}  # uri -> (signature, first seen with it)

    def observe(self, signatures: dict[str, str], now: float) -> list[str]:
        """Record one listing; return the uris that are stable now, in name order."""
        stable = []
        for uri, sig in sorted(signatures.items()):
            previous = self._seen.get(uri)
            if previous is None or previous[0] != sig:
                self._seen[uri] = (sig, now)
            elif now - previous[1] >= self.settle:
                stable.append(uri)
        return stable
