"""Inference steps."""
