"""No servers: generated keys, port checks, and how `stack up` reads the services' state."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from servers.local_services import mlflow_server, s3
from servers.local_services.stack_support import prepare_stack, referenced_secrets
from servers.process import ServiceError, free_port, require_free_port
from stacks.register import override_values, read_stack_spec


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOOPSTACK_STATE_DIR", str(tmp_path))
    for name in ("LOOPSTACK_S3_PORT", "LOOPSTACK_MLFLOW_PORT", "LOOPSTACK_S3_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_keys_are_generated_once_and_private(state: Path) -> None:
    first = s3.credentials(state)
    assert s3.credentials(state) == first
    assert mlflow_server.credentials(state) == mlflow_server.credentials(state)
    assert s3.credentials(state / "other") != first
    identities = json.loads(s3.identities_file(state).read_text())
    (identity,) = identities["identities"]
    assert identity["credentials"] == [
        {"accessKey": first["aws_access_key_id"], "secretKey": first["aws_secret_access_key"]}
    ]
    for path in (state / "s3" / "credentials.json", state / "mlflow" / "credentials.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_taken_port_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServiceError) as caught:
            require_free_port("s3", port, "LOOPSTACK_S3_PORT", "--s3-port")
    assert str(caught.value) == (
        f"s3: port {port} on 127.0.0.1 is already in use by another process; stop it or choose "
        "another port with --s3-port or LOOPSTACK_S3_PORT"
    )


def test_stack_file_follows_the_running_services(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = {"ports": {"s3": 18001, "mlflow": 18002, "zenml": 18003}, "bucket": "b1", "pids": {}}
    (state / "services.json").write_text(json.dumps(recorded))
    spec = read_stack_spec("local-services")
    store = next(c for c in spec.components if c.type == "artifact_store")
    tracker = next(c for c in spec.components if c.type == "experiment_tracker")
    assert store.configuration["path"] == "s3://b1"
    assert store.configuration["client_kwargs"]["endpoint_url"] == "http://127.0.0.1:18001"
    assert tracker.configuration["tracking_uri"] == "http://127.0.0.1:18002"
    # no literal credentials in the file: secrets by reference only
    assert store.configuration["authentication_secret"] == "loopstack_s3"
    assert tracker.configuration["tracking_password"] == "{{loopstack_mlflow.password}}"
    monkeypatch.setenv("LOOPSTACK_S3_PORT", "18999")  # the environment still wins
    assert override_values()["LOOPSTACK_S3_PORT"] == "18999"
    assert override_values()["LOOPSTACK_MLFLOW_PORT"] == "18002"
    (state / "services.json").unlink()  # nothing recorded: the file's defaults
    store = next(c for c in read_stack_spec("local-services").components if c.name == "s3_store")
    assert store.configuration["path"] == "s3://loopstack"


def test_referenced_secrets_of_the_services_stack(state: Path) -> None:
    spec = read_stack_spec("local-services")
    assert referenced_secrets(c.configuration for c in spec.components) == {
        "loopstack_s3",
        "loopstack_mlflow",
    }


def test_prepare_stack_sets_generated_secrets_and_names_what_is_missing(
    state: Path, local_stack: str
) -> None:
    from zenml.client import Client

    client = Client()
    port = free_port()  # nothing listens here
    components: list[tuple[str, dict[str, Any]]] = [
        (
            "s3_store",
            {
                "authentication_secret": "loopstack_s3",
                "client_kwargs": {"endpoint_url": f"http://127.0.0.1:{port}"},
            },
        ),
        ("tracker", {"tracking_password": "{{nobody_made_this.password}}"}),
    ]
    problems = prepare_stack(client, components)
    assert problems == [
        "secret 'loopstack_s3' is not set: `zenml secret create loopstack_s3 --<key>=<value> ...`"
        " or start the services (`make services-up`)",
        "secret 'nobody_made_this' is not set: `zenml secret create nobody_made_this "
        "--<key>=<value> ...`",
        f"s3_store: http://127.0.0.1:{port} does not answer (server down?); start it with "
        "`make services-up` (python run.py services up)",
    ]
    keys = s3.credentials(state)  # what `services up` generates on first start
    assert len(prepare_stack(client, components)) == 2
    assert client.get_secret("loopstack_s3").secret_values == keys
    (state / "s3" / "credentials.json").unlink()  # keys rotated: the secret follows
    rotated = s3.credentials(state)
    prepare_stack(client, components)
    assert client.get_secret("loopstack_s3").secret_values == rotated
    client.delete_secret("loopstack_s3")
