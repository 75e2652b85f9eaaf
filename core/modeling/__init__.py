"""Modeling layer: preprocessing, candidate estimators, evaluation, gate and promotion."""
