"""`--stack NAME` brings the stack up from its YAML in the run's own process (as `make run` does).

Against the test session's real ZenML store: an unchanged stack is not rewritten, a changed
file updates it, a process brings a stack up once, then only switches back to it, and a
registered stack without a file is only activated.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from cli import run_pipeline
from core.errors import ConfigError
from stacks.register import STACKS_DIR, stack_up

PROBE = "switch-probe"


def _probe_file(folder: Path, tracker: str) -> Path:
    """stacks/local.yaml as stack PROBE, with the experiment tracker named `tracker`."""
    spec = yaml.safe_load((STACKS_DIR / "local.yaml").read_text())
    spec["stack_name"] = PROBE
    spec["components"]["experiment_tracker"][0]["name"] = tracker
    path = folder / f"{PROBE}-{tracker}.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


@pytest.fixture
def probe_cleanup(local_stack: str) -> Iterator[None]:
    from zenml.client import Client
    from zenml.enums import StackComponentType

    yield
    client = Client()
    client.activate_stack(client.get_stack(local_stack, allow_name_prefix_match=False).id)
    for remove in (
        lambda: client.delete_stack(PROBE),
        lambda: client.delete_stack_component(
            "probe_tracker", StackComponentType.EXPERIMENT_TRACKER
        ),
    ):
        with contextlib.suppress(KeyError):  # the test failed before creating it
            remove()


def test_stack_up_rewrites_a_stack_only_when_its_file_changed(
    tmp_path: Path, probe_cleanup: None
) -> None:
    from zenml.client import Client
    from zenml.enums import StackComponentType

    client = Client()
    assert f"registered stack '{PROBE}'" in stack_up(
        str(_probe_file(tmp_path, "mlflow_embedded")), activate=False
    )
    registered = client.get_stack(PROBE, allow_name_prefix_match=False)

    again = stack_up(str(_probe_file(tmp_path, "mlflow_embedded")), activate=False)
    assert again == []
    assert client.get_stack(PROBE, allow_name_prefix_match=False).updated == registered.updated

    changed = stack_up(str(_probe_file(tmp_path, "probe_tracker")), activate=False)
    assert changed == [
        "registered experiment_tracker 'probe_tracker' (mlflow)",
        f"updated stack '{PROBE}'",
    ]
    components = client.get_stack(PROBE, allow_name_prefix_match=False).components
    assert [c.name for c in components[StackComponentType.EXPERIMENT_TRACKER]] == ["probe_tracker"]


def test_a_process_brings_a_stack_up_once_then_switches_back_to_it(
    local_stack: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zenml.client import Client

    client = Client()
    monkeypatch.setattr(run_pipeline, "_BROUGHT_UP", set())
    first = run_pipeline.switch_stack(local_stack)
    assert f"active stack: '{local_stack}'" in first
    assert run_pipeline.switch_stack(local_stack) == []  # already up in this process

    try:  # ZenML's own `default` has no file in stacks/: it is only activated
        assert run_pipeline.switch_stack("default") == []
        assert client.active_stack_model.name == "default"
        assert run_pipeline.switch_stack(local_stack) == []
        assert client.active_stack_model.name == local_stack
        with pytest.raises(ConfigError, match=r"no such stack file; known stacks: .*local"):
            run_pipeline.switch_stack("nowhere")
    finally:
        client.activate_stack(client.get_stack(local_stack, allow_name_prefix_match=False).id)
