"""The stages a model version can be moved to (ZenML's stages without `latest`)."""

STAGES = ("staging", "production", "archived")
