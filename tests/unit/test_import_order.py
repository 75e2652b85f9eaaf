"""orchestration.import_order: scipy.special first, and skops trusts the same types either way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# What a pipeline process holds when a model is registered, then skops' trusted-type lists.
_TRUSTED_TYPES = """
import json, sys
if sys.argv[1] == "first":
    from orchestration.import_order import import_scipy_special_first
    import_scipy_special_first()
import zenml.client, mlflow.sklearn, evidently, sklearn.ensemble, sklearn.pipeline
import skops.io
from skops.io import _trusted_types
order = list(sys.modules)
print(json.dumps({
    "scipy_special_before_zenml": order.index("scipy.special") < order.index("zenml"),
    "lists": {k: sorted(map(str, v)) for k, v in vars(_trusted_types).items()
              if k.endswith("_TYPE_NAMES")},
}))
"""


def _trusted_types(order: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _TRUSTED_TYPES, order],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_skops_trusts_the_same_types_with_scipy_special_imported_first() -> None:
    late, first = _trusted_types("late"), _trusted_types("first")
    assert not late["scipy_special_before_zenml"]
    assert first["scipy_special_before_zenml"]
    assert len(late["lists"]["SCIPY_UFUNC_TYPE_NAMES"]) > 100
    assert first["lists"] == late["lists"]


def test_run_py_imports_scipy_special_before_zenml_for_a_pipeline(tmp_path: Path) -> None:
    script = """
import sys
from pathlib import Path
import run
seen = []
run.run_one = lambda *args: seen.append(("scipy.special" in sys.modules, "zenml" in sys.modules))
run.run_configs([Path("configs/training.yaml")], [], False, None)
assert seen == [(True, False)], seen
"""
    env = {"ZENML_CONFIG_PATH": str(tmp_path / "zenml"), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True)
