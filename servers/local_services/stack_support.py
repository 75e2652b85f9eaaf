"""What `stack up` needs from the local services: their ports, their secrets, their health.

* `stack_environment()`: ports/bucket of the running services for `environment_overrides`.
* `prepare_stack()`: create or update the ZenML secrets a stack references that this project
  generates itself (the S3 keys), and list in one line each what is missing: a secret nobody set,
  a local server that does not answer.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse

from servers.local_services import mlflow_server, s3
from servers.local_services.manager import provided_secrets, stack_environment

__all__ = ["prepare_stack", "stack_environment"]

_SECRET_REF = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\.[A-Za-z0-9_]+\s*\}\}")
_LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_GENERATED = {s3.ZENML_SECRET, mlflow_server.ZENML_SECRET}


def referenced_secrets(configurations: Iterable[dict[str, Any]]) -> set[str]:
    """Secret names in `authentication_secret` values and `{{name.key}}` references."""
    names: set[str] = set()
    for config in configurations:
        for key, value in _walk(config):
            if key == "authentication_secret" and isinstance(value, str) and value:
                names.add(value)
            elif isinstance(value, str):
                names.update(_SECRET_REF.findall(value))
    return names


def local_urls(configurations: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """(component, url) for every http URL on this machine a component talks to."""
    found = []
    for component, config in configurations:
        for _, value in _walk(config):
            is_url = isinstance(value, str) and value.startswith(("http://", "https://"))
            if is_url and urlparse(value).hostname in _LOCAL_HOSTS:
                found.append((component, value))
    return found


def prepare_stack(client: Any, components: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Create/update generated secrets; return one line per problem (empty: all good)."""
    problems = []
    generated = provided_secrets()
    for name in sorted(referenced_secrets(config for _, config in components)):
        if name in generated:
            _upsert_secret(client, name, generated[name])
        elif not _secret_exists(client, name):
            problems.append(
                f"secret '{name}' is not set: `zenml secret create {name} --<key>=<value> ...`"
                + (" or start the services (`make services-up`)" if name in _GENERATED else "")
            )
    for component, url in local_urls(components):
        if not _reachable(url):
            problems.append(
                f"{component}: {url} does not answer (server down?); start it with "
                "`make services-up` (python run.py services up)"
            )
    return problems


def _upsert_secret(client: Any, name: str, values: dict[str, str]) -> None:
    if _secret_exists(client, name):
        client.update_secret(name, add_or_update_values=values)
    else:
        client.create_secret(name, values=values)


def _secret_exists(client: Any, name: str) -> bool:
    try:
        client.get_secret(name, allow_partial_name_match=False, allow_partial_id_match=False)
    except KeyError:
        return False
    return True


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", port), timeout=3):
            return True
    except OSError:
        return False


def _walk(value: Any, key: str = "") -> Iterable[tuple[str, Any]]:
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _walk(child, str(child_key))
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child, key)
    else:
        yield key, value
