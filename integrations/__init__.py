"""Custom ZenML stack component flavors of this project."""
