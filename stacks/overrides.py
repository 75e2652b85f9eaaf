"""Environment overrides of the stack files, applied by `python run.py stack up` only.

Every stack file carries working defaults inline, so plain `zenml stack import` registers it
as committed. Its `environment_overrides` block (ZenML's import ignores it) maps
component name -> configuration key (dots for nested keys) -> template with `${VARIABLE}`s:

    environment_overrides:
      s3_store:
        path: s3://${LOOPSTACK_S3_BUCKET}
        client_kwargs.endpoint_url: http://127.0.0.1:${LOOPSTACK_S3_PORT}

A template replaces the inline value when every variable it names is set: in the environment,
else recorded by the running local services (`services up`). Otherwise the default stays.
Relative paths (`dag_output_dir`, a local `path`) become absolute against the repo root, as
ZenML would otherwise resolve them against the working directory of each process.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.errors import ConfigError

OVERRIDES_KEY = "environment_overrides"
REPO = Path(__file__).resolve().parent.parent
PATH_KEYS = ("dag_output_dir", "path")
_VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")


def fill_template(template: str, values: Mapping[str, str]) -> str | None:
    """The template with its variables filled in, or None when none of them is set."""
    names = _VARIABLE.findall(template)
    if not names:
        raise ConfigError(f"override {template!r} names no ${{VARIABLE}}")
    missing = [name for name in names if name not in values]
    if len(missing) == len(names):
        return None
    if missing:
        raise ConfigError(f"override {template!r} also needs {', '.join(missing)} to be set")
    return _VARIABLE.sub(lambda match: values[match.group(1)], template)


def apply_overrides(
    path: Path,
    configurations: Mapping[str, dict[str, Any]],
    overrides: Any,
    values: Mapping[str, str],
) -> None:
    """Write each override whose variables are set into `configurations` (component -> config).

    Every override must name a component of the file and a key that has an inline default."""
    if not overrides:
        return
    if not isinstance(overrides, dict):
        raise ConfigError(f"{path}: {OVERRIDES_KEY} must map component -> key -> template")
    for component, keys in overrides.items():
        if component not in configurations:
            raise ConfigError(f"{path}: {OVERRIDES_KEY}.{component}: no such component")
        if not isinstance(keys, dict):
            raise ConfigError(f"{path}: {OVERRIDES_KEY}.{component} must map key -> template")
        for dotted, template in keys.items():
            where = f"{path}: {OVERRIDES_KEY}.{component}.{dotted}"
            parent, key = _parent(configurations[component], str(dotted), where)
            try:
                value = fill_template(str(template), values)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
            if value is not None:
                parent[key] = value


def absolute_paths(configuration: dict[str, Any], root: Path = REPO) -> None:
    """Make relative filesystem paths of the known path keys absolute against `root`."""
    for key in PATH_KEYS:
        value = configuration.get(key)
        if not isinstance(value, str) or not value or "://" in value or "{{" in value:
            continue
        if not Path(value).is_absolute():
            configuration[key] = str(root / value)


def _parent(configuration: dict[str, Any], dotted: str, where: str) -> tuple[dict[str, Any], str]:
    """The dict holding the last part of `dotted`, which must exist (the inline default)."""
    *parents, key = dotted.split(".")
    node: Any = configuration
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict) or key not in node:
        raise ConfigError(f"{where}: the component has no such key; write its default inline")
    return node, key
