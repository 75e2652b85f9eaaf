"""Plain, typed domain logic: no ZenML, no stack. Steps call into this package."""
