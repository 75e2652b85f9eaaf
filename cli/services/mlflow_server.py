"""MLflow tracking server + model registry: sqlite backend, artifacts in the local S3 bucket.

The server proxies artifact uploads (`mlflow-artifacts:/`), so clients need no S3 keys; the
server itself gets them from the state folder through the environment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cli.services.base import HOST, spawn, wait_healthy
from cli.services.s3 import REGION, credentials


def command(state_dir: Path, port: int, bucket: str) -> list[str]:
    db = state_dir / "mlflow" / "mlflow.db"
    return [
        str(Path(sys.executable).parent / "mlflow"),
        "server",
        "--backend-store-uri",
        f"sqlite:///{db}",
        "--artifacts-destination",
        f"s3://{bucket}/mlflow",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "1",
    ]


def environment(state_dir: Path, s3_port: int) -> dict[str, str]:
    creds = credentials(state_dir)
    return {
        **os.environ,
        "AWS_ACCESS_KEY_ID": creds["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": creds["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": REGION,
        "MLFLOW_S3_ENDPOINT_URL": f"http://{HOST}:{s3_port}",
    }


def start(state_dir: Path, port: int, bucket: str, s3_port: int) -> int:
    folder = state_dir / "mlflow"
    folder.mkdir(parents=True, exist_ok=True)
    return spawn(
        command(state_dir, port, bucket),
        folder / "mlflow.log",
        environment(state_dir, s3_port),
        cwd=folder,
    )


def wait_ready(state_dir: Path, port: int, pid: int, timeout: float) -> None:
    log = state_dir / "mlflow" / "mlflow.log"
    wait_healthy("mlflow", f"http://{HOST}:{port}/health", pid, log, timeout)
