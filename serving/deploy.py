"""Deploy, describe and stop the online inference service on the active stack's deployer.

A deploy under the same name updates the service in place on the same port (a few seconds of
restart); promotions need no deploy at all (serving/model_cache.py follows the stage).
"""

from __future__ import annotations

from typing import Any

from core.errors import LoopstackError
from core.serving.config import ServeConfig

DEPLOYER_NAME = "local_deployer"


def ensure_deployer(stack_name: str | None = None) -> list[str]:
    """Make sure the stack has a deployer; add ZenML's `local` one if it has none (idempotent)."""
    from zenml.client import Client
    from zenml.enums import StackComponentType

    client = Client()
    stack = client.get_stack(stack_name) if stack_name else client.active_stack_model
    if stack.components.get(StackComponentType.DEPLOYER):
        return []
    done = []
    try:
        deployer = client.get_stack_component(StackComponentType.DEPLOYER, DEPLOYER_NAME)
    except KeyError:
        deployer = client.create_stack_component(
            name=DEPLOYER_NAME,
            flavor="local",
            component_type=StackComponentType.DEPLOYER,
            configuration={},
        )
        done.append(f"registered deployer '{DEPLOYER_NAME}' (local)")
    client.update_stack(stack.id, component_updates={StackComponentType.DEPLOYER: [deployer.id]})
    done.append(f"added deployer '{DEPLOYER_NAME}' to stack '{stack.name}'")
    return done


def deploy(cfg: ServeConfig) -> Any:
    """Deploy (or update) the service on the active stack's deployer (`ensure_deployer` adds
    one); the deployment once it answers its health check."""
    from zenml.deployers.exceptions import DeploymentTimeoutError

    from orchestration.model_lookup import require_model_version

    # A service without a version in the stage stops in its init hook; ZenML's deploy would
    # then wait out its whole timeout, so the missing version is named here, before a start.
    require_model_version(cfg.model.name, cfg.stage)
    if not cfg.auth:
        _drop_keyed_deployment(cfg.name)
    deployer = {"port": cfg.port, "allocate_port_if_busy": False, "generate_auth_key": cfg.auth}
    try:
        return service_pipeline(cfg, deployer).deploy(cfg.name, timeout=cfg.timeout)
    except DeploymentTimeoutError as exc:
        raise LoopstackError(f"{exc}; the service's log ends: {_log_tail(cfg.name)}") from None


def service_pipeline(cfg: ServeConfig, deployer: dict[str, Any] | None = None) -> Any:
    """The serving pipeline with the service's routes, init hook and image settings, plus
    `deployer` settings for a deploy (ZenML refuses them on a stack without a deployer, so the
    Kubeflow compile leaves them out)."""
    from zenml.config import DeploymentSettings, EndpointMethod, EndpointSpec

    from orchestration.settings import run_options
    from pipelines.serving import serving_pipeline
    from serving.endpoints import metrics_endpoint, predict_endpoint
    from serving.state import start_serving

    hook_args = {
        "model": cfg.model.name,
        "stage": cfg.stage,
        "refresh_seconds": cfg.refresh_seconds,
        "max_rows": cfg.max_rows,
        "validation": cfg.validation.model_dump(mode="json"),
    }
    routes = DeploymentSettings(
        custom_endpoints=[
            EndpointSpec(
                path="/predict",
                method=EndpointMethod.POST,
                handler=predict_endpoint,
                init_kwargs=hook_args,
            ),
            EndpointSpec(
                path="/metrics",
                method=EndpointMethod.GET,
                handler=metrics_endpoint,
                auth_required=False,
            ),
        ],
        app_title=f"{cfg.model.name} ({cfg.stage})",
    )
    # The orchestrator's Docker settings (none to build on the local Airflow), as for a run.
    settings = {**run_options(None).get("settings", {}), "deployment": routes}
    if deployer is not None:
        settings["deployer"] = deployer
    return serving_pipeline.with_options(
        settings=settings,
        on_init=start_serving,
        on_init_kwargs=hook_args,
    )


def _log_tail(name: str, lines: int = 3) -> str:
    """The last lines of a deployment's log, joined with ' | ' (for an error line)."""
    try:
        tail = [str(line).strip() for line in logs(name, tail=lines)]
    except Exception as exc:  # the record or its log is gone: say so, keep the first error
        return f"(unreadable: {exc})"
    return " | ".join(line for line in tail if line) or "(empty)"


def _drop_keyed_deployment(name: str) -> None:
    """Delete a deployment of `name` that holds an auth key, so the deploy after it has none.

    ZenML keeps the stored key when a redeploy asks for none (its update skips `None` fields),
    so "auth off" after "auth on" would still answer 401; a new record starts without a key.
    """
    from zenml.client import Client

    client = Client()
    try:
        found = client.get_deployment(name)
    except KeyError:
        return
    if found.auth_key:
        client.delete_deployment(name, force=True)  # stops its process first


def ensure_serving(cfg: ServeConfig) -> str:
    """Deploy the service unless it runs already (a running one follows promotions by itself,
    so it is not restarted); one line saying which."""
    from zenml.client import Client
    from zenml.enums import DeploymentStatus

    try:
        found = Client().refresh_deployment(cfg.name)  # asks the deployer, not the record
    except KeyError:
        found = None
    if found is not None and found.status == DeploymentStatus.RUNNING:
        return f"{cfg.name} already running at {found.url} (it follows the {cfg.stage} stage)"
    deployed = deploy(cfg)
    return f"{cfg.name} deployed at {deployed.url}"


def find(name: str) -> Any:
    from zenml.client import Client

    try:
        return Client().refresh_deployment(name)  # the deployer checks the process
    except KeyError:
        raise LoopstackError(f"no deployment named '{name}': run.py serve deploy") from None


def status_lines(name: str, show_key: bool = False) -> list[str]:
    """Name, status (as the deployer sees it now), URL, process, log and auth."""
    found = find(name)
    status = getattr(found.status, "value", found.status)
    lines = [f"{name}: {status} at {found.url or '(no url)'}"]
    meta = found.deployment_metadata or {}
    if meta.get("pid"):
        lines.append(f"pid {meta['pid']}, log {meta.get('log_file', '?')}")
    if found.auth_key:
        key = found.auth_key if show_key else "(hidden; --show-key prints it)"
        lines.append(f"auth: Authorization: Bearer {key}")
    else:
        lines.append("auth: none (serve.auth=false)")
    return lines


def logs(name: str, tail: int) -> list[str]:
    from zenml.client import Client

    find(name)
    return [str(line) for line in Client().get_deployment_logs(name, tail=tail)]


def stop(name: str, delete: bool) -> str:
    """Stop the service process; with `delete` also forget the deployment."""
    from zenml.client import Client

    find(name)
    if delete:
        Client().delete_deployment(name, force=True)
        return f"{name}: stopped and deleted"
    Client().deprovision_deployment(name)
    return f"{name}: stopped (run.py serve deploy starts it again)"
