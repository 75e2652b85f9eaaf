"""Day-2 operations logic: model version resolution, promotion checks, audit trail, schedules."""
