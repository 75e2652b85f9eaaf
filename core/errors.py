"""Errors that carry a one-line, user-facing explanation (what, where, how to fix)."""

from __future__ import annotations


class LoopstackError(Exception):
    """Base class: the message is shown to the user as is, without a traceback."""


class ConfigError(LoopstackError):
    """A run configuration is missing, malformed or inconsistent."""


class DataError(LoopstackError):
    """Input data cannot be used: names the source, the column and the fix."""


class ModelNotFoundError(LoopstackError):
    """A model version asked for (by stage or number) does not exist."""
