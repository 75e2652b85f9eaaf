"""What a run needs settled before it starts: retries of I/O steps, schedules, output checks,
the provenance a model version records."""
