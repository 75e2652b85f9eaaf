"""Run, schedule and deploy the operate pipelines (promotion, feature) from validated configs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.config import FeatureConfig, PromotionRunConfig, RunConfig
from core.errors import ConfigError, LoopstackError
from core.operate.retry import retry_overrides
from core.operate.schedule import require_schedulable, schedule_fields

DEPLOYER_NAME = "local_deployer"


def pipeline_options(config: RunConfig, config_path: Path | str) -> dict[str, Any]:
    """`with_options` keywords for every pipeline: I/O step retries from `run.retry`, and the
    schedule if there is one (checked against the active orchestrator)."""
    options: dict[str, Any] = {}
    steps = retry_overrides(config.pipeline, config.run.retry)
    if steps:
        options["steps"] = steps
    schedule = config.schedule
    if schedule is None:
        return options
    from zenml.client import Client
    from zenml.config.schedule import Schedule

    orchestrator = Client().active_stack.orchestrator
    require_schedulable(
        orchestrator.name,
        orchestrator.flavor,
        orchestrator.config.is_schedulable,
        str(config_path),
        schedule,
    )
    name = f"{config.pipeline}-{Path(config_path).stem}"
    fields = schedule_fields(schedule, name, orchestrator.flavor, str(config_path))
    options["schedule"] = Schedule(**fields)
    return options


def promotion_parameters(config: PromotionRunConfig) -> dict[str, Any]:
    return {
        "model": config.model.name,
        "version": config.version,
        "stage": config.stage,
        "reason": config.reason,
        "force": config.force,
        "metric": config.metric,
    }


def run_operate(config: PromotionRunConfig | FeatureConfig, config_path: Path, cache: bool) -> Any:
    """Run the promotion or feature pipeline described by `config`."""
    options = pipeline_options(config, config_path)
    if isinstance(config, PromotionRunConfig):
        from pipelines.promotion import promotion_pipeline

        return promotion_pipeline.with_options(**options)(**promotion_parameters(config))
    from pipelines.feature import feature_pipeline

    return feature_pipeline.with_options(enable_cache=cache, **options)(config=config)


def promotion_outcome(run: Any) -> dict[str, Any]:
    """The `promotion_result` of a finished promotion run."""
    return dict(run.steps["promote_version"].outputs["promotion_result"][0].load())


def promote(config: PromotionRunConfig, config_path: Path) -> dict[str, Any]:
    """CLI promotion: check the version exists first (one-line error), then run the pipeline."""
    from core.operate.versions import resolve_version
    from steps.promotion.version_registry import read_versions

    resolve_version(config.model.name, config.version, read_versions(config.model.name))
    outcome = promotion_outcome(run_operate(config, config_path, cache=False))
    if outcome["status"] == "error":
        raise LoopstackError(outcome["message"])
    return outcome


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


def serve_promotion(config: PromotionRunConfig, name: str, timeout: int = 300) -> Any:
    """Deploy the promotion pipeline (defaults from `config`) on the active stack's deployer."""
    from pipelines.promotion import promotion_pipeline

    if not promotion_parameters(config)["model"]:
        raise ConfigError("model.name: the promotion config needs a model name")
    return promotion_pipeline.deploy(name, timeout, **promotion_parameters(config))
