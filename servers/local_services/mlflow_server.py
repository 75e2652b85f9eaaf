"""MLflow tracking server + model registry: sqlite backend, artifacts in the local S3 bucket.

MLflow's basic-auth app guards it: an admin user with a password generated on first start
(`<state>/mlflow/credentials.json`, mode 600), which the stack reads from the ZenML secret
`loopstack_mlflow`. The server proxies artifact uploads (`mlflow-artifacts:/`), so clients need
no S3 keys; the server gets them from the state folder through its environment.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

from servers.local_services.s3 import REGION
from servers.local_services.s3 import credentials as s3_credentials
from servers.process import HOST, spawn, wait_healthy, write_private

ZENML_SECRET = "loopstack_mlflow"  # referenced as {{loopstack_mlflow.username}} in the stack
USERNAME = "loopstack"


def credentials(state_dir: Path) -> dict[str, str]:
    """The MLflow admin login, generated on first use and kept in the state folder."""
    path = state_dir / "mlflow" / "credentials.json"
    if path.is_file():
        return dict(json.loads(path.read_text()))
    creds = {"username": USERNAME, "password": secrets.token_urlsafe(24)}
    write_private(path, json.dumps(creds, indent=2))
    return creds


def auth_config(state_dir: Path) -> Path:
    """The basic-auth app's ini: users in their own sqlite file, nobody but the admin allowed."""
    folder = state_dir / "mlflow"
    creds = credentials(state_dir)
    path = folder / "basic_auth.ini"
    write_private(
        path,
        "[mlflow]\n"
        "default_permission = NO_PERMISSIONS\n"
        f"database_uri = sqlite:///{folder / 'basic_auth.db'}\n"
        f"admin_username = {creds['username']}\n"
        f"admin_password = {creds['password']}\n"
        "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n",
    )
    return path


def command(state_dir: Path, port: int, bucket: str) -> list[str]:
    db = state_dir / "mlflow" / "mlflow.db"
    return [
        str(Path(sys.executable).parent / "mlflow"),
        "server",
        "--app-name",
        "basic-auth",
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
    keys = s3_credentials(state_dir)
    flask_key = state_dir / "mlflow" / "flask_secret"
    if not flask_key.is_file():
        write_private(flask_key, secrets.token_hex(32))
    return {
        **os.environ,
        "MLFLOW_AUTH_CONFIG_PATH": str(auth_config(state_dir)),
        "MLFLOW_FLASK_SERVER_SECRET_KEY": flask_key.read_text(),
        "AWS_ACCESS_KEY_ID": keys["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": keys["aws_secret_access_key"],
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
