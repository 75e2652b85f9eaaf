"""Feature pipeline steps."""
