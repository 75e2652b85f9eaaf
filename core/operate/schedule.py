"""Turn a config's `schedule:` section into orchestrator schedule fields, or explain why not."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from core.config import ScheduleConfig
from core.errors import ConfigError


def schedule_fields(schedule: ScheduleConfig, name: str) -> dict[str, Any]:
    """Keyword arguments for `zenml.config.Schedule`; the start defaults to now (UTC)."""
    start = schedule.start or datetime.now(timezone.utc).replace(microsecond=0)
    fields: dict[str, Any] = {"name": name, "start_time": start, "catchup": schedule.catchup}
    if schedule.end is not None:
        fields["end_time"] = schedule.end
    if schedule.cron is not None:
        fields["cron_expression"] = schedule.cron
    else:
        fields["interval_second"] = timedelta(minutes=schedule.interval_minutes or 0)
    return fields


def require_schedulable(
    orchestrator: str, flavor: str, schedulable: bool, config_file: str, schedule: ScheduleConfig
) -> None:
    """Raise a one-line `ConfigError` when the orchestrator cannot run schedules itself."""
    if schedulable:
        return
    when = schedule.cron or f"*/{schedule.interval_minutes} * * * *"
    raise ConfigError(
        f"{config_file}: schedule: orchestrator '{orchestrator}' ({flavor}) cannot run schedules; "
        "use a stack with a scheduling orchestrator (e.g. `--stack airflow`), or remove "
        "`schedule:` and let system cron run it: "
        f"`{when} cd $PWD && .venv/bin/python run.py --config {config_file} --set schedule=null`"
    )
