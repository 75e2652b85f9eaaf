"""ZenML pipelines: thin wiring of the steps in `steps/`."""
