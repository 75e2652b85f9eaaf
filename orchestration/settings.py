"""Options that depend on the orchestrator, not the pipeline: execution mode, images, resources.

`run_options(config)` is merged into `pipeline.with_options(...)` by orchestration/launch.py, so
steps and pipelines stay the same on every stack.
"""

from __future__ import annotations

from typing import Any

from core.config import RunConfig

# Name recorded as the step "image" when a local orchestrator runs steps as subprocesses.
LOCAL_IMAGE = "loopstack-local-subprocess"


def run_options(config: RunConfig | None) -> dict[str, Any]:
    """An execution mode the orchestrator supports, and Docker
    settings for orchestrators that would otherwise build images (per-step resources from
    `config.run.resources`; a deploy stage has none)."""
    options: dict[str, Any] = {}
    orchestrator = _active_orchestrator()
    modes = list(orchestrator.supported_execution_modes)
    if config_mode_unsupported(modes):
        # Airflow/Kubeflow stop dependent tasks of a failed step themselves (trigger rules).
        options["execution_mode"] = modes[0]
    if orchestrator.flavor == "airflow" and orchestrator.config.local:
        from zenml.config import DockerSettings

        # Steps run as local subprocesses with the project's Python: nothing to build.
        options["settings"] = {"docker": DockerSettings(skip_build=True, parent_image=LOCAL_IMAGE)}
    if orchestrator.flavor == "kubeflow":
        options["settings"] = {"docker": container_settings()}
        if config is not None:
            options["steps"] = step_resources(config)
    return options


def merge_options(*parts: dict[str, Any]) -> dict[str, Any]:
    """Combine `with_options` keywords; per-step and settings entries are merged, not replaced."""
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if key == "steps":
                steps = merged.setdefault("steps", {})
                for step, update in value.items():
                    entry = steps.setdefault(step, {})
                    for field, content in update.items():
                        if isinstance(content, dict) and isinstance(entry.get(field), dict):
                            entry[field] = {**entry[field], **content}
                        else:
                            entry[field] = content
            elif key == "settings":
                merged["settings"] = {**merged.get("settings", {}), **value}
            else:
                merged[key] = value
    return merged


def step_resources(config: RunConfig) -> dict[str, Any]:
    """`run.resources` as per-step ResourceSettings (unknown step names are ignored by ZenML)."""
    from zenml.config import ResourceSettings

    return {
        step: {"settings": {"resources": ResourceSettings(cpu_count=r.cpu, gpu_count=r.gpu)}}
        for step, r in config.run.resources.items()
    }


def container_settings() -> Any:
    """The image every step container runs: `LOOPSTACK_STEP_IMAGE` if CI built and pushed one
    (requirements from uv.lock, project code included), otherwise built by ZenML."""
    import os

    from zenml.config import DockerSettings

    image = os.environ.get("LOOPSTACK_STEP_IMAGE")
    if image:
        return DockerSettings(
            parent_image=image, skip_build=True, allow_download_from_artifact_store=False
        )
    return DockerSettings(
        python_package_installer="uv",
        requirements=lockfile_requirements(),
        install_stack_requirements=False,
    )


def lockfile_requirements() -> list[str]:
    """Pinned runtime requirements exported from uv.lock: the main dependencies plus the kubeflow
    group (ZenML imports kfp when a step container loads the stack); no other group."""
    import subprocess

    done = subprocess.run(
        [
            "uv",
            "export",
            "--frozen",
            "--no-default-groups",
            "--group",
            "kubeflow",
            "--no-hashes",
            "--no-emit-project",
            "--no-header",
            "--no-annotate",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if line and not line.startswith(("#", "-"))]


def config_mode_unsupported(modes: list[Any]) -> bool:
    """The pipelines ask for FAIL_FAST; orchestrators that only continue on failure get that."""
    from zenml.enums import ExecutionMode

    return ExecutionMode.FAIL_FAST not in modes


def _active_orchestrator() -> Any:
    from zenml.client import Client

    return Client().active_stack.orchestrator
