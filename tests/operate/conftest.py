"""Fixtures of the operate tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.operate.receiver import Receiver, serving


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with serving() as server:
        yield server
