"""Copy predictions to the configured output location, idempotently."""

from typing import Annotated

import pandas as pd
from zenml import get_step_context, log_metadata, step

from core.config import OutputConfig
from core.errors import DataError
from core.inference.predictions import predictions_filename, write_predictions
from core.launch.output_check import unwritable_output
from core.launch.retry import is_local


@step(enable_cache=False)
def export_predictions(
    predictions: pd.DataFrame, source_fingerprint: str, output: OutputConfig
) -> Annotated[str, "predictions_uri"]:
    """The Parquet artifact is always in the artifact store; `output.uri` gets a stable copy.

    The file name comes from the batch fingerprint and model version, so re-running on the
    same batch overwrites the same file instead of adding a duplicate.
    """
    if not output.uri:
        return ""
    from zenml.io import fileio

    version = str(get_step_context().model.version)
    name = predictions_filename(source_fingerprint, version)
    try:
        uri = write_predictions(
            predictions, output.uri, name, opener=fileio.open, makedirs=fileio.makedirs
        )
    except OSError as exc:  # a local folder stays unwritable: a clear line, no retry
        if not is_local(output.uri):
            raise
        raise DataError(unwritable_output(output.uri, exc)) from None
    log_metadata({"predictions_uri": uri})
    return uri
