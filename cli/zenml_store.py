"""Which store the ZenML client uses, read from its config file without importing ZenML.

A client left pointing at a stopped local ZenML server makes every ZenML call retry for about
30 s before `Error connecting to URL`; `require_live_local_server()` says so in one line
instead, with the way back, in about 2 s at most.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlparse

import yaml

from core.errors import LoopstackError

LOCAL_HOSTS = ("127.0.0.1", "localhost")
HEALTH_TIMEOUT = 2.0


class ServerDownError(LoopstackError):
    """The ZenML client is configured for a local server that does not answer."""


def zenml_config_dir() -> Path:
    """ZenML's global config folder (ZENML_CONFIG_PATH, else the per-user default)."""
    import click

    return Path(os.environ.get("ZENML_CONFIG_PATH") or click.get_app_dir("zenml"))


def configured_server_url() -> str | None:
    """The REST server URL the client uses (ZENML_STORE_URL, else config.yaml), or None for a
    local database."""
    url = os.environ.get("ZENML_STORE_URL")
    if url is None:
        path = zenml_config_dir() / "config.yaml"
        try:
            data = yaml.safe_load(path.read_text()) or {}
        except (OSError, yaml.YAMLError):
            return None
        store = data.get("store") if isinstance(data, dict) else None
        if not isinstance(store, dict) or store.get("type") != "rest":
            return None
        url = store.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    return url.rstrip("/")


def is_local(url: str) -> bool:
    return urlparse(url).hostname in LOCAL_HOSTS


def server_answers(url: str, timeout: float = HEALTH_TIMEOUT) -> bool:
    """True if `<url>/health` answers 200 within `timeout` seconds."""
    import urllib.error
    import urllib.request  # here: only a configured server is asked (~0.1 s of imports)

    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def require_live_local_server() -> None:
    """Fail with one line if the client points at a local ZenML server that is not running.

    Remote servers are left to ZenML (they may be slow or need a login)."""
    url = configured_server_url()
    if url is None or not is_local(url) or server_answers(url):
        return
    if importlib.util.find_spec("servers.local_services") is not None:
        way_back = (
            "start it with `make services-up` or go back to the local store with "
            "`make services-down` (or `zenml logout`)"
        )
    else:
        way_back = (
            "start it with `zenml login --local` or go back to the local store with `zenml logout`"
        )
    raise ServerDownError(f"the ZenML server {url} is not running: {way_back}")
