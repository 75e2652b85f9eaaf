"""Modeling layer: preprocessing, candidate estimators, evaluation and the quality gate."""
