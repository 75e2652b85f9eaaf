"""What a model version records about how it was made: the commit, the config file and the
validated config."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from core.config import RunConfig


def provenance(config: RunConfig, config_path: Path) -> dict[str, Any]:
    """The git commit (and whether the tree had changes), the config file and its values."""
    return {
        "git_commit": _git("rev-parse", "HEAD") or "unknown",
        "git_dirty": bool(_git("status", "--porcelain")),
        "config_file": str(config_path),
        "config": config.model_dump(mode="json"),
    }


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()
