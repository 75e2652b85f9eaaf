"""Step entrypoint for local Airflow tasks: the run's code, extracted once, no shared `/app`.

ZenML's own step entrypoint downloads the run's code archive into `/app` on every task, so
tasks running side by side race on the same files. Local (BashOperator) DAGs run this
subclass instead (orchestration/airflow_dag_generator.py swaps it in): the archive ZenML
uploaded at submit time is extracted once into `<tmp>/loopstack-airflow-code/<archive hash>`
(staged in a private directory, then renamed into place, so concurrent tasks never see a
half-written tree) and every task of the run imports the code from there. Without an
archive it falls back to ZenML's behaviour (code from `PYTHONPATH`, the project directory).

Only ZenML is imported here: project modules must come from the extracted archive.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from zenml.entrypoints.step_entrypoint_configuration import StepEntrypointConfiguration
from zenml.utils import code_utils, source_utils

CODE_ROOT = Path(tempfile.gettempdir()) / "loopstack-airflow-code"


def code_dir(code_path: str) -> Path:
    """Where the archive at `code_path` (named by its content hash) is extracted."""
    return CODE_ROOT / os.path.basename(code_path).removesuffix(".tar.gz")


class LocalStepEntrypointConfiguration(StepEntrypointConfiguration):
    """ZenML's step entrypoint with a per-archive, race-free code directory."""

    def prepare_code_environment(self) -> None:
        code_path = self.snapshot.code_path
        if not (code_path and self.docker_settings.allow_download_from_artifact_store):
            super().prepare_code_environment()
            return
        target = code_dir(code_path)
        if not target.is_dir():
            self._extract(code_path, target)
        source_utils.set_custom_source_root(str(target))
        sys.path.insert(0, str(target))
        os.chdir(target)

    def _extract(self, code_path: str, target: Path) -> None:
        """Download and unpack into a private staging dir, then rename it to `target`."""
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=target.parent))
        try:
            artifact_store = self._load_active_artifact_store()
            artifact_store._register()
            os.chdir(staging)  # ZenML copies the archive into the working directory first
            code_utils.download_and_extract_code(code_path, str(staging / "code"))
            try:
                (staging / "code").rename(target)
            except OSError:
                if not target.is_dir():  # not "another task was first": a real error
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
