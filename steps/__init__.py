"""ZenML steps, one per file, grouped by stage. Domain logic lives in `core/`."""
