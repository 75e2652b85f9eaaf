"""One local ZenML server (dashboard + REST) for the browser tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.operate.zenml_server import Dashboard, running_dashboard


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    with running_dashboard(tmp_path_factory.mktemp("dashboard")) as found:
        yield found
