"""The model version in a stage, loaded once and swapped when the stage moves.

Every request asks `current()`. At most every `refresh_seconds` the cache asks ZenML which
version holds the stage; a new version is loaded while the old one keeps answering, then
swapped in, so a promotion or a rollback reaches the service without a restart and without a
failed request. When ZenML cannot be asked, the last loaded version keeps serving.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from core.data.schema import TableSchema
from core.errors import LoopstackError
from core.features.spec import FeatureTransform

logger = logging.getLogger(__name__)


class NoModelError(LoopstackError):
    """No version of the model holds the stage (yet)."""


@dataclass(frozen=True)
class LoadedModel:
    name: str
    stage: str
    version: str
    version_id: str
    model: Any
    schema: TableSchema
    transform: FeatureTransform


class ModelCache:
    """Thread-safe: requests run in the deployment's thread pool."""

    def __init__(self, name: str, stage: str, refresh_seconds: float) -> None:
        self.name, self.stage, self.refresh_seconds = name, stage, refresh_seconds
        self._lock = threading.Lock()
        self._loaded: LoadedModel | None = None
        self._checked = -float("inf")

    @property
    def version(self) -> str | None:
        """The version loaded now (no lookup); None before the first load."""
        return self._loaded.version if self._loaded is not None else None

    def current(self) -> LoadedModel:
        loaded = self._loaded
        if loaded is not None and time.monotonic() - self._checked < self.refresh_seconds:
            return loaded
        with self._lock:
            if self._loaded is None or time.monotonic() - self._checked >= self.refresh_seconds:
                self._refresh()
            assert self._loaded is not None
            return self._loaded

    def _refresh(self) -> None:
        from zenml.client import Client

        try:
            holder = Client().get_model_version(self.name, self.stage)
        except KeyError:
            if self._loaded is None:
                raise NoModelError(
                    f"model '{self.name}' has no {self.stage} version yet: train one "
                    f"(run.py --config configs/training.yaml) or promote one (run.py promote)"
                ) from None
            holder = None  # the stage was emptied: keep serving what was loaded
        except Exception as exc:  # the store is unreachable for a moment
            if self._loaded is None:
                raise
            logger.warning(
                "model cache: stage lookup failed, still serving %s: %s", self._loaded.version, exc
            )
            holder = None
        if holder is not None and (
            self._loaded is None or str(holder.id) != self._loaded.version_id
        ):
            self._loaded = _load(holder, self.name, self.stage)
            logger.info("serving %s version %s (%s)", self.name, holder.name, self.stage)
        self._checked = time.monotonic()


def _load(version: Any, name: str, stage: str) -> LoadedModel:
    """The model, its table schema and its feature transform (none: a raw-data model)."""
    model = version.get_model_artifact("model")
    schema = version.get_artifact("table_schema")
    if model is None or schema is None:
        raise NoModelError(f"{name} version {version.name} has no model or table_schema artifact")
    transform = version.get_artifact("feature_transform")
    return LoadedModel(
        name=name,
        stage=stage,
        version=str(version.name),
        version_id=str(version.id),
        model=model.load(),
        schema=schema.load(),
        transform=transform.load() if transform is not None else FeatureTransform(),
    )


_SHARED: dict[tuple[str, str], ModelCache] = {}
_SHARED_LOCK = threading.Lock()


def shared_cache(name: str, stage: str, refresh_seconds: float) -> ModelCache:
    """One cache per model and stage in this process (the endpoints and the pipeline share it)."""
    with _SHARED_LOCK:
        cache = _SHARED.get((name, stage))
        if cache is None:
            cache = _SHARED[(name, stage)] = ModelCache(name, stage, refresh_seconds)
        return cache
