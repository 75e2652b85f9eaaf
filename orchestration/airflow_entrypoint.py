"""Step entrypoint for local Airflow tasks: the run's code, extracted once, no shared `/app`.

ZenML's own step entrypoint downloads the run's code archive into `/app` on every task, so
tasks running side by side race on the same files. Local (BashOperator) DAGs run this
subclass instead (orchestration/airflow_dag_generator.py swaps it in): the archive ZenML
uploaded at submit time is extracted once into the task user's own
`$XDG_CACHE_HOME/loopstack/airflow-code/<archive hash>` (default `~/.cache/...`, mode 0700;
folders others could have written are refused, a tree counts only with its hash marker: see
orchestration/airflow_code_cache.py) and every task of the run imports the code from there.
Without an archive it falls back to ZenML's behaviour (code from `PYTHONPATH`, the project
directory).

ZenML's activation of every installed integration waits until the step first reads the
materializer registry (orchestration/integration_check.py): a task whose step needs neither
scikit-learn nor Pillow no longer imports them (MLflow still comes with the stack's MLflow
components, which ZenML builds for every step).

Only ZenML, the stdlib, `airflow_code_cache` and `integration_check` (stdlib only at import) are
imported here: project modules must come from the extracted archive.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from zenml.entrypoints.step_entrypoint_configuration import StepEntrypointConfiguration
from zenml.io import fileio
from zenml.utils import source_utils

from orchestration import airflow_code_cache, integration_check


class LocalStepEntrypointConfiguration(StepEntrypointConfiguration):
    """ZenML's step entrypoint with a per-archive, verified, race-free code directory,
    and integrations activated when first needed."""

    def run(self) -> None:
        # What ZenML's import built lives until exit: later collections need not scan it.
        gc.freeze()
        integration_check.defer_step_activation()
        try:
            super().run()
        finally:
            # And interpreter shutdown skips the whole heap (a collection there took ~1.7 s).
            gc.freeze()

    def prepare_code_environment(self) -> None:
        code_path = self.snapshot.code_path
        if not (code_path and self.docker_settings.allow_download_from_artifact_store):
            super().prepare_code_environment()
            return
        self._load_active_artifact_store()._register()  # fileio reads the artifact store

        def download(destination: Path) -> None:
            fileio.copy(code_path, str(destination))

        target = airflow_code_cache.code_folder(
            airflow_code_cache.cache_root(), os.path.basename(code_path), download
        )
        source_utils.set_custom_source_root(str(target))
        sys.path.insert(0, str(target))
        os.chdir(target)
