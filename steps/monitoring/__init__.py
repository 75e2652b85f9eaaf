"""Monitoring steps."""
