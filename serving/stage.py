"""The nightly deploy stage's child process: `python -m serving.stage CONFIG.json OUTCOME.json`.

Run from the project's source root (the step's). CONFIG holds a `pipeline: serve` config
(JSON). The service is deployed on the active stack's deployer (inherited through
ZENML_ACTIVE_STACK_ID) unless it runs already; OUTCOME receives `{"line": ...}` or
`{"error": ...}`, and the exit code is 0 or 1.

`deploy_service` runs it in a child process: ZenML's deploy creates a snapshot of the serving
pipeline, which does not belong inside the running step's own run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from core.serving.config import ServeConfig


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m serving.stage CONFIG.json OUTCOME.json", file=sys.stderr)
        return 2
    from zenml.utils import source_utils

    from serving.deploy import ensure_serving

    # ZenML names the service's sources (routes, init hook) relative to its source root, which
    # would be this file's folder (`endpoints.predict_endpoint`, unimportable by the service)
    # where no `.zen` folder marks the project, as in the code an Airflow task runs from.
    source_utils.set_custom_source_root(str(Path.cwd()))
    config = ServeConfig.model_validate(json.loads(Path(argv[0]).read_text()))
    try:
        outcome, code = {"line": ensure_serving(config)}, 0
    except Exception as exc:  # ZenML's deploy errors: the child's stderr has the traceback
        outcome, code = {"error": f"{type(exc).__name__}: {exc}"}, 1
    Path(argv[1]).write_text(json.dumps(outcome))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
