"""Where the local Airflow lives and the environment every Airflow process gets.

Everything is under one folder (default `.state/airflow`, git-ignored): the venv, the sqlite
database, the DAGs folder ZenML writes to, logs, PID files and the generated secrets.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AIRFLOW_VERSION = "3.3.2"
DEFAULT_PORT = 8080
ADMIN_USER = "admin"
# What the DAG file needs inside Airflow's venv (BashOperator ships with Airflow 3 itself).
AIRFLOW_REQUIREMENTS = (f"apache-airflow=={AIRFLOW_VERSION}",)


@dataclass(frozen=True)
class AirflowHome:
    """Paths, port and environment of one local Airflow installation."""

    root: Path
    port: int = DEFAULT_PORT

    @classmethod
    def from_env(cls, root: Path | None = None, port: int | None = None) -> AirflowHome:
        """`LOOPSTACK_AIRFLOW_HOME` / `LOOPSTACK_AIRFLOW_PORT` or the defaults."""
        home = root or Path(os.environ.get("LOOPSTACK_AIRFLOW_HOME", REPO / ".state" / "airflow"))
        if not home.is_absolute():
            home = REPO / home
        return cls(
            root=home,
            port=port
            or int(os.environ.get("LOOPSTACK_AIRFLOW_PORT", "0") or 0)
            or _saved_port(home)
            or DEFAULT_PORT,
        )

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def dags(self) -> Path:
        return self.root / "dags"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pid_file(self, process: str) -> Path:
        return self.root / f"{process}.pid"

    def secrets(self) -> dict[str, str]:
        """JWT/API secrets and the admin password: generated once, kept in the home (0600)."""
        path = self.root / "secrets.json"
        if path.is_file():
            return dict(json.loads(path.read_text()))
        self.root.mkdir(parents=True, exist_ok=True)
        values = {key: secrets.token_urlsafe(32) for key in ("jwt_secret", "secret_key")}
        values["admin_password"] = secrets.token_urlsafe(16)
        path.touch(mode=0o600)
        path.write_text(json.dumps(values))
        return values

    def admin_password(self) -> str:
        return self.secrets()["admin_password"]

    def environment(self) -> dict[str, str]:
        """os.environ plus the Airflow configuration (sqlite, LocalExecutor, 127.0.0.1 only)."""
        values = self.secrets()
        passwords = self.root / "passwords.json"
        if not passwords.is_file():
            passwords.touch(mode=0o600)
            passwords.write_text(json.dumps({ADMIN_USER: values["admin_password"]}))
        env = dict(os.environ)
        env.update(
            {
                "PATH": f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
                "AIRFLOW_HOME": str(self.root),
                "AIRFLOW__CORE__DAGS_FOLDER": str(self.dags),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": "4",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.url}/execution/",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN_USER}:admin",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{self.root / 'airflow.db'}",
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.port),
                "AIRFLOW__API__BASE_URL": self.url,
                "AIRFLOW__API__SECRET_KEY": values["secret_key"],
                "AIRFLOW__API_AUTH__JWT_SECRET": values["jwt_secret"],
                "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(self.logs),
                # New DAG files are listed within ~2 s (each check refreshes), not five minutes.
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "1",
                "AIRFLOW__DAG_PROCESSOR__BUNDLE_REFRESH_CHECK_INTERVAL": "2",
                # Unchanged DAG zips are re-parsed every 10 min, not 30 s (a changed one at once).
                "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "600",
                # An idle scheduler looks again after 0.5 s, not 1 s: a next task starts sooner.
                "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": "0.5",
                "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
            }
        )
        env.pop("PYTHONPATH", None)
        return env

    def save_port(self) -> None:
        (self.root / "port").write_text(str(self.port))


def _saved_port(home: Path) -> int:
    """The port of a running (or last started) Airflow in this home, so `down`/`trigger` find it."""
    try:
        return int((home / "port").read_text().strip())
    except (OSError, ValueError):
        return 0
