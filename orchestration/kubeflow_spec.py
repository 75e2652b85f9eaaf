"""Compile every pipeline with ZenML's Kubeflow orchestrator and validate the KFP spec strictly.

No Kubernetes can run here, so `python run.py kubeflow compile` stops right before the upload:
in a child process with its own ZenML config (a throwaway local store; the user's stacks are
untouched) it registers `stacks/kubeflow.yaml`, creates each pipeline's snapshot and lets
`KubeflowOrchestrator.submit_pipeline` compile it, with the upload step (`kfp.Client`, needs the
cluster) replaced by keeping the file. A config with a `schedule:` goes through ZenML's real
upload path instead: kfp's own client sends the recurring-run request to a recording KFP API
on 127.0.0.1 (orchestration/kubeflow_api.py) and the request is kept. Each spec is parsed with
kfp's protobuf schema (`PipelineSpec`, unknown fields are errors) and its DAG is checked against
the pipeline (`kfp_spec.py`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from core.config import RunConfig, load_config
from core.errors import ConfigError, LoopstackError
from orchestration.kfp_spec import check_spec, describe_trigger, load_spec, recurring_run_spec
from orchestration.serve_launch import SERVING_PIPELINES, compile_target

REPO = Path(__file__).resolve().parent.parent
CONFIGS = REPO / "configs"
# Every pipeline, plus the training run a drift retrain launches (its own tags and lineage),
# the online service's pipeline and the nightly deploy stage (orchestration/serve_launch.py).
RUNS = ("training", "batch_inference", "monitoring", "feature", "promotion", "retrain")
PIPELINES = (*RUNS, *SERVING_PIPELINES)
DEFAULT_IMAGE = "loopstack-steps:dev"


def compile_all(
    output: Path,
    overrides: list[str] | None = None,
    image: str | None = None,
    pipelines: list[str] | None = None,
) -> list[str]:
    """Compile and check every pipeline (or `pipelines`) in a child process with a throwaway
    ZenML config.

    `overrides` (`dotted.key=value`) apply to every pipeline config; `image` is the step image
    (default `LOOPSTACK_STEP_IMAGE`, else a local tag: nothing is built or pushed here). With
    a `schedule:`, the recurring-run request is written too (`<name>.recurring-run.json`).
    """
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="loopstack-kfp-") as sandbox:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZENML_STORE")}
        env["LOOPSTACK_STEP_IMAGE"] = image or env.get("LOOPSTACK_STEP_IMAGE") or DEFAULT_IMAGE
        env["LOOPSTACK_COMPILE_OVERRIDES"] = json.dumps(overrides or [])
        env["LOOPSTACK_COMPILE_PIPELINES"] = json.dumps(pipelines)
        env.update(
            ZENML_CONFIG_PATH=sandbox,
            ZENML_ENABLE_RICH_TRACEBACK="false",
            ZENML_ANALYTICS_OPT_IN="false",
            ZENML_LOGGING_VERBOSITY="ERROR",
            AUTO_OPEN_DASHBOARD="false",
        )
        done = subprocess.run(
            [sys.executable, "-m", "orchestration.kubeflow_spec", str(output)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        lines = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()
        errors = [line for line in lines if re.match(r"^(error: |[\w.]+(Error|Exception)\b)", line)]
        raise LoopstackError(f"kubeflow compile failed: {(errors or lines)[-1]}")
    return [line for line in done.stdout.splitlines() if line.startswith("kubeflow:")]


def compile_pipeline(name: str, output: Path, overrides: list[str]) -> Path:
    """Snapshot `configs/<name>.yaml` (or the drift retrain's training run, or a serving
    pipeline) on the active kubeflow stack through its launch path, and compile it (no
    upload)."""
    from zenml.client import Client

    configured, parameters, scheduled = _prepared(name, overrides)
    configured.prepare(**parameters)
    snapshot = configured._create_snapshot(
        **configured._run_args, skip_schedule_registration=not scheduled
    )
    stack = Client().active_stack
    target = output / f"{name}.yaml"
    if scheduled:
        request = _submit_recorded(snapshot, stack)
        (output / f"{name}.recurring-run.json").write_text(json.dumps(request, indent=2))
        target.write_text(yaml.safe_dump(recurring_run_spec(request), sort_keys=False))
    else:
        target.write_text(_submit_compile_only(snapshot, stack).read_text())
    expected = {s: set(c.spec.upstream_steps) for s, c in snapshot.step_configurations.items()}
    check_spec(load_spec(target.read_text(), str(target)), expected, str(target))
    return target


def _prepared(name: str, overrides: list[str]) -> tuple[Any, dict[str, Any], bool]:
    """The configured pipeline, its parameters and whether it has a schedule (the serving
    pipelines take `configs/serve.yaml` as it is: `overrides` are run-config keys)."""
    from orchestration.launch import prepare
    from orchestration.retrain import launch_arguments

    if name in SERVING_PIPELINES:
        return (*compile_target(name, CONFIGS / "serve.yaml"), False)
    config: RunConfig
    if name == "retrain":
        config, path, kwargs = launch_arguments(retrain_example(overrides))
    else:
        path = CONFIGS / f"{name}.yaml"
        config, kwargs = load_config(path, overrides), {}
    prepared = prepare(config, path, lookup=False, **kwargs)
    # a schedule is registered in the throwaway store, like a real run
    return prepared.pipeline, prepared.parameters, config.schedule is not None


def retrain_example(overrides: list[str]) -> dict[str, Any]:
    """The request configs/monitoring.yaml sends when it decides to retrain: its window as a
    Parquet file in the artifact store, `overrides` applied after the loop's own."""
    from zenml.client import Client

    from core.config import MonitoringConfig
    from core.monitoring.retrain_window import retrain_request

    monitoring = load_config(CONFIGS / "monitoring.yaml")
    if not isinstance(monitoring, MonitoringConfig):
        raise ConfigError("configs/monitoring.yaml: not a monitoring config")
    window = f"{Client().active_stack.artifact_store.path}/loopstack/retrain/example.parquet"
    data = [f"data.source={window}", "data.format=parquet", *overrides]
    return retrain_request(monitoring, REPO, data, {"reason": "compile"})


def _submit(snapshot: Any, stack: Any) -> None:
    stack.orchestrator.submit_pipeline(
        snapshot=snapshot,
        stack=stack,
        base_environment={},
        step_environments={step: {} for step in snapshot.step_configurations},
    )


def _submit_compile_only(snapshot: Any, stack: Any) -> Path:
    """A one-off run: the one part that needs a cluster (the upload) keeps the compiled file."""
    written: list[str] = []
    stack.orchestrator._upload_and_run_pipeline = lambda snapshot, pipeline_file_path, run_name: (
        written.append(pipeline_file_path)
    )
    _submit(snapshot, stack)
    return Path(written[0])


def _submit_recorded(snapshot: Any, stack: Any) -> dict[str, Any]:
    """A schedule: ZenML's upload path runs for real with kfp's real client, which talks to a
    recording KFP API on 127.0.0.1; returns the recurring-run request it sent."""
    import kfp

    from orchestration.kubeflow_api import RecordingKfpApi

    orchestrator = stack.orchestrator
    with RecordingKfpApi() as api:
        orchestrator._get_kfp_client = lambda settings: kfp.Client(
            host=api.url, namespace=orchestrator.config.kubeflow_namespace
        )
        _submit(snapshot, stack)
    if len(api.recurring_runs) != 1:
        sent = [f"{method} {path}" for method, path, _ in api.requests]
        raise ConfigError(f"kubeflow: expected one recurring-run request, the client sent {sent}")
    return api.recurring_runs[0]


def placeholder_secrets(stack_file: Path) -> dict[str, dict[str, str]]:
    """The secrets the stack file references, with dummy values for the throwaway store
    (components resolve them on registration; nothing here talks to a cluster)."""
    text = stack_file.read_text()
    wanted: dict[str, dict[str, str]] = {}
    for name, key in re.findall(r"\{\{\s*([\w-]+)\.([\w-]+)\s*\}\}", text):
        wanted.setdefault(name, {})[key] = "compile-only"
    for name in re.findall(r"authentication_secret:\s*([\w-]+)", text):
        wanted.setdefault(name, {}).update(
            aws_access_key_id="compile-only", aws_secret_access_key="compile-only"
        )
    return wanted


def _main(output: Path) -> None:
    from zenml.client import Client

    from stacks.register import stack_file, stack_up

    for name, values in placeholder_secrets(stack_file("kubeflow")).items():
        Client().create_secret(name, values=values)
    stack_up("kubeflow", activate=True)
    output.mkdir(parents=True, exist_ok=True)
    overrides = json.loads(os.environ.get("LOOPSTACK_COMPILE_OVERRIDES", "[]"))
    for name in json.loads(os.environ.get("LOOPSTACK_COMPILE_PIPELINES", "null")) or PIPELINES:
        path = compile_pipeline(name, output, overrides)
        spec = load_spec(path.read_text(), str(path))
        line = f"kubeflow: {name}: {len(spec.root.dag.tasks)} tasks, valid PipelineSpec -> {path}"
        recurring = path.with_suffix(".recurring-run.json")
        if recurring.is_file():
            line += f"; recurring run: {describe_trigger(json.loads(recurring.read_text()))}"
        print(line)


if __name__ == "__main__":
    try:
        _main(Path(sys.argv[1]))
    except LoopstackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
