"""Day-2 operations logic: model version resolution, stages, schedules, retries, output checks."""
