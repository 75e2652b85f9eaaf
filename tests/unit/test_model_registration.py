"""Every candidate kind can be saved in MLflow's skops format and loaded back."""

from __future__ import annotations

import numpy as np
import pytest
import skops.io

from core.config import CandidateConfig
from core.modeling.candidates import ESTIMATORS, fit_candidate
from steps.promotion.register import own_model_types
from tests.unit.test_modeling_data import make_frame, make_schema


@pytest.mark.parametrize("kind", sorted(ESTIMATORS))
def test_trusted_types_cover_every_candidate_kind(kind: str) -> None:
    frame = make_frame()
    schema = make_schema(frame)
    model = fit_candidate(CandidateConfig(name="c", kind=kind), schema, frame, seed=0)  # type: ignore[arg-type]
    dumped = skops.io.dumps(model)
    with pytest.raises(skops.io.exceptions.UntrustedTypesFoundException):
        skops.io.loads(dumped, trusted=[])
    loaded = skops.io.loads(dumped, trusted=own_model_types(model))
    features = frame[schema.features]
    np.testing.assert_allclose(loaded.predict_proba(features), model.predict_proba(features))
