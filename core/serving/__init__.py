"""Online scoring: rows from a request checked and scored exactly as batch inference does."""
