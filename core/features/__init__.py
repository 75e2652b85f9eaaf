"""Feature-table transforms shared by the feature pipeline and inference (no ZenML)."""
