"""Turn a config's `schedule:` section into orchestrator schedule fields, or explain why not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.config import ScheduleConfig
from core.errors import ConfigError

DAY_MINUTES = 24 * 60


def schedule_fields(
    schedule: ScheduleConfig, name: str, flavor: str = "", config_file: str = "<config>"
) -> dict[str, Any]:
    """Keyword arguments for `zenml.config.Schedule`; the start defaults to now (UTC).

    Kubeflow reads cron with a leading seconds field (robfig/cron), so the 5-field line gets
    `0 ` in front: '0 2 * * *' stays 02:00 daily instead of becoming minute 2 of every hour.
    """
    start = schedule.start or datetime.now(UTC).replace(microsecond=0)
    fields: dict[str, Any] = {"name": name, "start_time": start, "catchup": schedule.catchup}
    if schedule.end is not None:
        fields["end_time"] = schedule.end
    if schedule.cron is not None:
        fields["cron_expression"] = (
            kfp_cron(schedule.cron) if flavor == "kubeflow" else schedule.cron
        )
        return fields
    minutes = schedule.interval_minutes or 0
    if flavor == "kubeflow" and minutes >= DAY_MINUTES:
        # ZenML 0.98 sends `timedelta.seconds` to KFP, which drops whole days (1 day -> 0 s).
        raise ConfigError(
            f"{config_file}: schedule.interval_minutes: {minutes} is a day or more, which "
            "ZenML's Kubeflow orchestrator cannot send (it drops whole days); use "
            "schedule.cron instead, e.g. '0 2 * * *' for daily at 02:00"
        )
    fields["interval_second"] = timedelta(minutes=minutes)
    return fields


def kfp_cron(cron: str) -> str:
    """A 5-field cron line as Kubeflow Pipelines reads it (seconds first)."""
    return f"0 {cron}"


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
