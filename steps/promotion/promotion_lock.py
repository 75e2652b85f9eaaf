"""Serialize promotions: two runs that finish together must not both promote.

On a local ZenML store (a SQLite file) promotions take a file lock under ZenML's config folder
and re-read the stage holder inside it, so the later run compares against the earlier run's
result. A ZenML server store has no shared folder: there promotions are not serialized (two
runs finishing at the same moment can still both promote; the later one then holds the stage).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from core.metadata_keys import HOLDOUT
from core.promotion.champion import ChampionMetrics

LOCK_TIMEOUT_S = 600


@contextlib.contextmanager
def promotion_lock(model: str) -> Iterator[None]:
    """Hold the promotion lock of `model` (a no-op on a ZenML server store)."""
    from zenml.client import Client
    from zenml.config.global_config import GlobalConfiguration
    from zenml.enums import StoreType

    if Client().zen_store.type != StoreType.SQL:
        yield
        return
    from filelock import FileLock

    folder = Path(GlobalConfiguration().config_directory) / "loopstack-locks"
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / f"promotion-{model}.lock"), timeout=LOCK_TIMEOUT_S):
        yield


def champion_now(model: str, stage: str, evaluated: ChampionMetrics) -> tuple[ChampionMetrics, str]:
    """The champion metrics to compare against, read again inside the lock.

    When another run changed the stage holder after `evaluated` was computed, the new holder's
    recorded holdout metrics stand in (with a note for the reason line); else `evaluated`.
    """
    from zenml.client import Client

    try:
        holder = Client().get_model_version(model, stage)
    except KeyError:
        return (ChampionMetrics(), "") if evaluated.version else (evaluated, "")
    if str(holder.name) == str(evaluated.version):
        return evaluated, ""
    holdout = dict(holder.run_metadata).get(HOLDOUT)
    metrics = holdout if isinstance(holdout, dict) else {}
    note = (
        f" (the {stage} version changed to {holder.name} during this run: compared with its "
        "recorded holdout metrics)"
    )
    return ChampionMetrics(version=str(holder.name), metrics=metrics), note
