"""The nightly deploy stage as a step: the online service runs afterwards (deployed on the
active stack's deployer unless it runs already; a running one follows the stage by itself)."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

from zenml import step
from zenml.utils.source_utils import get_source_root

from core.errors import LoopstackError
from core.serving.config import ServeConfig


@step(enable_cache=False)
def deploy_service(config: ServeConfig) -> Annotated[str, "serving"]:
    """One line: where the service answers. The deploy runs in `python -m serving.stage`, whose
    service process outlives it (ZenML's local deployer starts it in a session of its own)."""
    with tempfile.TemporaryDirectory(prefix="loopstack-serve-") as folder:
        request, outcome = Path(folder, "config.json"), Path(folder, "outcome.json")
        request.write_text(config.model_dump_json())
        done = subprocess.run(
            [sys.executable, "-m", "serving.stage", str(request), str(outcome)],
            cwd=get_source_root(),
            capture_output=True,
            text=True,
        )
        if not outcome.is_file():
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise LoopstackError(" | ".join(tail) or f"serving.stage exited {done.returncode}")
        answer: dict[str, str] = json.loads(outcome.read_text())
    if "error" in answer:
        raise LoopstackError(f"deploy of {config.name} failed: {answer['error']}")
    print(answer["line"], flush=True)
    return answer["line"]
