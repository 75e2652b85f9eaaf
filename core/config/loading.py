"""Reading a config file: `--set` overrides, validation and the one-line `ConfigError`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import yaml
from pydantic import BaseModel, Field, ValidationError

from core.config.pipelines import PIPELINES, NightlyConfig, RunConfig
from core.errors import ConfigError

if TYPE_CHECKING:
    from core.serving.config import ServeConfig


class _Root(BaseModel):
    config: Annotated[RunConfig, Field(discriminator="pipeline")]


def override_scope(assignment: str) -> tuple[str | None, str]:
    """`training:model.name=x` -> ("training", "model.name=x"): an override for one pipeline's
    configs only; `model.name=x` -> (None, ...) applies to every config. Only the part before
    the first `=` is looked at, so values may contain colons (`data.source=s3://...`)."""
    key = assignment.partition("=")[0]
    if ":" not in key:
        return None, assignment
    scope, _, rest = assignment.partition(":")
    if scope not in PIPELINES:
        raise ConfigError(
            f"--set {assignment!r}: {scope!r} is not a pipeline; scope an override with one of "
            f"{', '.join(PIPELINES)} (e.g. training:model.name=churn)"
        )
    return scope, rest


def require_scopes_match(overrides: list[str], pipelines: list[str]) -> None:
    """A scoped override must reach a config: `--set monitoring:...` with no monitoring config
    would otherwise be ignored without a word."""
    for assignment in overrides:
        scope, _ = override_scope(assignment)
        if scope is not None and scope not in pipelines:
            raise ConfigError(
                f"--set {assignment!r}: no --config runs the {scope} pipeline "
                f"(the configs run: {', '.join(pipelines)})"
            )


def apply_override(raw: dict[str, Any], assignment: str) -> None:
    """Apply one `dotted.key=value` override in place; the value is parsed as YAML."""
    key, sep, value = assignment.partition("=")
    if not sep or not key:
        raise ConfigError(
            f"--set {assignment!r}: expected dotted.key=value, e.g. data.sample.rows=1000"
        )
    node = raw
    parts = key.split(".")
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"--set {assignment!r}: {part!r} is not a section")
        node = child
    node[parts[-1]] = yaml.safe_load(value) if value else ""


def _describe(error: dict[str, Any]) -> str:
    parts = list(error["loc"])
    if parts[:1] == ["config"]:  # the root wrapper, then the pipeline tag of the union
        parts = parts[2:] if len(parts) > 1 and _is_tag(parts[1]) else parts[1:]
    loc = ".".join(str(p) for p in parts)
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key (check the spelling; see configs/README.md for valid keys)"
    elif error["type"] == "missing":
        message = "required key is missing"
    elif error["type"] == "union_tag_invalid":
        loc = "pipeline"
        message = f"must be one of {', '.join(PIPELINES)}"
    elif error["type"] == "union_tag_not_found":
        loc = "pipeline"
        message = f"required key is missing (one of {', '.join(PIPELINES)})"
    return f"{loc}: {message}" if loc else message


def _is_tag(part: object) -> bool:
    return part in PIPELINES


def parse_config(raw: object, source: str = "<config>") -> RunConfig:
    """Validate an already-loaded mapping; errors name `source` and the first bad key."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping of keys at the top level")
    try:
        return _Root(config=raw).config
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{source}: {_describe(dict(errors[0]))}{more}") from None


def _read(path: str | Path, overrides: list[str] | None) -> dict[str, Any]:
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"{file}: config file not found (see configs/ for examples)")
    try:
        raw = yaml.safe_load(file.read_text()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{file}:{where} invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: expected a mapping of keys at the top level")
    for assignment in overrides or []:
        scope, override = override_scope(assignment)
        if scope is None or scope == raw.get("pipeline"):
            apply_override(raw, override)
    return raw


def load_config(path: str | Path, overrides: list[str] | None = None) -> RunConfig:
    """Read, override and validate a run config file (one pipeline)."""
    raw = _read(path, overrides)
    if raw.get("pipeline") == "nightly":
        raise ConfigError(f"{Path(path)}: a nightly config runs other configs; use run.py --config")
    return parse_config(raw, str(Path(path)))


def load_any_config(
    path: str | Path, overrides: list[str] | None = None
) -> RunConfig | NightlyConfig | ServeConfig:
    """Like `load_config`, but also accepts a composite `pipeline: nightly` config and the
    online service's `pipeline: serve` config."""
    raw = _read(path, overrides)
    if raw.get("pipeline") not in ("nightly", "serve"):
        return parse_config(raw, str(Path(path)))
    try:
        if raw["pipeline"] == "serve":
            from core.serving.config import ServeConfig

            return ServeConfig.model_validate(raw)
        return NightlyConfig.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{Path(path)}: {_describe(dict(errors[0]))}{more}") from None
