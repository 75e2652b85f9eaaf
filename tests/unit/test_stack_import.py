"""Every shipped stack file imports with plain `zenml stack import` as committed.

The real `zenml` CLI runs in subprocesses against a throwaway ZENML_CONFIG_PATH: first the
secrets the files reference (`zenml secret create`, all in one interpreter), then one
`zenml stack import NAME -f stacks/NAME.yaml` per file; the registered components must carry
the defaults written in the file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from stacks.register import STACKS_DIR

ZENML = str(Path(sys.executable).parent / "zenml")
STACK_FILES = sorted(STACKS_DIR.glob("*.yaml"))
_SECRET_KEYS = re.compile(r"\{\{\s*([\w-]+)\.([\w-]+)\s*\}\}")

# `zenml secret create NAME --key=value ...` for each secret, in one interpreter (one start-up).
CREATE_SECRETS = """
import json, sys
from zenml.cli.cli import cli
for name, values in json.loads(sys.argv[1]).items():
    args = ["secret", "create", name, *(f"--{k}={v}" for k, v in values.items())]
    cli.main(args, standalone_mode=False)
"""

DUMP_COMPONENTS = """
import json, sys
from zenml.client import Client
client = Client()
found = {}
for name in sys.argv[1:]:
    stack = client.get_stack(name, allow_name_prefix_match=False)
    found[name] = {
        str(ctype.value): {c.name: dict(c.configuration) for c in components}
        for ctype, components in stack.components.items()
    }
print(json.dumps(found))
"""


Completed = subprocess.CompletedProcess[str]
Components = dict[str, dict[str, dict[str, dict[str, object]]]]


@dataclass(frozen=True)
class Imported:
    results: dict[str, Completed]
    components: Components
    run: Callable[..., Completed]

    def components_of(self, *stacks: str) -> Components:
        dump = self.run(sys.executable, "-c", DUMP_COMPONENTS, *stacks)
        assert dump.returncode == 0, dump.stderr[-3000:]
        found: Components = json.loads(dump.stdout.splitlines()[-1])
        return found


def referenced_secrets(text: str) -> dict[str, dict[str, str]]:
    """Secret name -> placeholder values for every `{{name.key}}` / `authentication_secret`."""
    wanted: dict[str, dict[str, str]] = {}
    for name, key in _SECRET_KEYS.findall(text):
        wanted.setdefault(name, {})[key] = "placeholder"
    for name in re.findall(r"authentication_secret:\s*([\w-]+)", text):
        wanted.setdefault(name, {}).update(
            aws_access_key_id="placeholder", aws_secret_access_key="placeholder"
        )
    return wanted


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """Create the referenced secrets, then import every stack file into one fresh config."""
    root = tmp_path_factory.mktemp("stack-import")
    env = {
        **os.environ,
        "ZENML_CONFIG_PATH": str(root / "zenml"),
        "LOOPSTACK_STATE_DIR": str(root / "no-services"),  # no recorded ports or bucket
    }
    for name in ("ZENML_STORE_URL", "ZENML_STORE_TYPE", "ZENML_ACTIVE_STACK_ID"):
        env.pop(name, None)

    def run(*args: str, extra_env: dict[str, str] | None = None) -> Completed:
        return subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            cwd=root,
            env={**env, **(extra_env or {})},
            stdin=subprocess.DEVNULL,  # a prompt (name clash) fails instead of waiting
            timeout=300,
            check=False,
        )

    secrets: dict[str, dict[str, str]] = {}
    for path in STACK_FILES:
        for name, values in referenced_secrets(path.read_text()).items():
            secrets.setdefault(name, {}).update(values)
    created = run(sys.executable, "-c", CREATE_SECRETS, json.dumps(secrets))
    assert created.returncode == 0, created.stdout[-2000:] + created.stderr[-2000:]
    results = {
        path.stem: run(ZENML, "stack", "import", path.stem, "-f", str(path)) for path in STACK_FILES
    }
    imported = Imported(results=results, components={}, run=run)
    return Imported(results=results, components=imported.components_of(*results), run=run)


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.stem)
def test_plain_zenml_imports_the_committed_file(imported: Imported, path: Path) -> None:
    result = imported.results[path.stem]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    spec = yaml.safe_load(path.read_text())
    registered = imported.components[spec["stack_name"]]
    for ctype, entries in spec["components"].items():
        for entry in entries:  # the inline defaults, literally (ZenML may add its own)
            configuration = registered[ctype][entry["name"]]
            for key, value in entry["configuration"].items():
                assert configuration[key] == value, (entry["name"], key)


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.stem)
def test_committed_version_is_the_installed_one(path: Path) -> None:
    """ZenML compares `zenml_version` with its own version exactly (no range, no wildcard):
    the files name the version `uv.lock` installs; another 0.98.x needs
    `--ignore-version-mismatch` (a warning, no prompt)."""
    import zenml

    assert yaml.safe_load(path.read_text())["zenml_version"] == zenml.__version__


@pytest.mark.skipif(not (STACKS_DIR / "kubeflow.yaml").is_file(), reason="no kubeflow stack")
def test_stack_up_applies_an_override_only_when_its_variable_is_set(imported: Imported) -> None:
    """`run.py stack up` over the imported stack: LOOPSTACK_S3_BUCKET replaces the bucket;
    without it the file's default comes back."""
    stack_up = (sys.executable, str(STACKS_DIR.parent / "run.py"), "stack", "up", "kubeflow")
    changed = imported.run(*stack_up, "--no-activate", extra_env={"LOOPSTACK_S3_BUCKET": "other"})
    assert changed.returncode == 0, changed.stderr[-3000:]
    assert "updated artifact_store 's3_artifact_store'" in changed.stdout
    store = imported.components_of("kubeflow")["kubeflow"]["artifact_store"]["s3_artifact_store"]
    assert store["path"] == "s3://other/zenml"
    assert store["authentication_secret"] == "s3_credentials"
    default = imported.run(*stack_up, "--no-activate")
    assert default.returncode == 0, default.stderr[-3000:]
    store = imported.components_of("kubeflow")["kubeflow"]["artifact_store"]["s3_artifact_store"]
    assert store["path"] == "s3://loopstack-artifacts/zenml"
