"""The three real servers (S3, MLflow, ZenML) on free 127.0.0.1 ports, started once per test
session and stopped by PID (pytest plugin, loaded by tests/conftest.py).

`zenml login --local` switches the ZenML client's store, so everything ZenML-facing runs in
subprocesses with their own ZENML_CONFIG_PATH (`Services.cli/zenml/python`); the in-process
tests keep the session's local store. Every module using `services` shares the same servers,
so tests filter what they read by their own model and run names. The last test of
tests/services/test_local_services.py stops them (`services down`): server tests run last, in
file order, so every other module using them has run by then.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from servers.process import pid_alive, stop_pid
from tests.services.helpers import BUCKET, REPO, Services, distinct_free_ports, recorded_pids


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    root = tmp_path_factory.mktemp("services")
    ports = dict(zip(("s3", "mlflow", "zenml"), distinct_free_ports(3), strict=True))
    env = {
        **os.environ,
        "LOOPSTACK_STATE_DIR": str(root / "state"),
        "ZENML_CONFIG_PATH": str(root / "zenml"),
        "LOOPSTACK_S3_PORT": str(ports["s3"]),
        "LOOPSTACK_MLFLOW_PORT": str(ports["mlflow"]),
        "LOOPSTACK_ZENML_PORT": str(ports["zenml"]),
        "LOOPSTACK_S3_BUCKET": BUCKET,
    }
    zen_config = REPO / ".zen" / "config.yaml"  # the subprocesses' active stack/project
    saved = zen_config.read_bytes() if zen_config.is_file() else None
    found = Services(env=env, state_dir=root / "state", ports=ports)
    try:
        up = found.cli("services", "up")
        assert up.returncode == 0, up.stderr[-3000:]
        yield found
    finally:
        pids = recorded_pids(root / "state", root / "zenml")
        down = found.cli("services", "down")
        left = [pid for pid in pids if pid_alive(pid)]
        for pid in left:  # never leak a server, even when `down` is broken
            stop_pid(pid)
        if saved is None:
            zen_config.unlink(missing_ok=True)
        else:
            zen_config.write_bytes(saved)
        assert down.returncode == 0, down.stderr[-3000:]
        assert not left, f"processes left after `services down`: {left}"
