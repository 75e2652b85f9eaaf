"""Every candidate model the template offers can be registered in MLflow (skops format).

A winner whose pickled types are not in the register step's trusted list fails the run; the
reference answers never exposed that (a linear model usually wins), other answers did.
"""

from __future__ import annotations

import pytest
from skops.io import dumps, get_untrusted_types

from core.config import CandidateConfig
from core.data.builtin import generate_churn
from core.data.profile import infer_schema
from core.modeling.candidates import build_candidate, feature_frame
from steps.promotion.register import TRUSTED_TYPES
from tests.template.conftest import REPO, load_yaml

SMALL = {"n_estimators": 5, "max_iter": 5}  # the types do not depend on the size
KINDS = load_yaml(REPO / "copier.yml")["candidates"]["choices"].values()


def _accepts(kind: str, param: str) -> bool:
    from core.modeling.candidates import ESTIMATORS

    return param in ESTIMATORS[kind][0]().get_params()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_candidate_kind_pickles_with_trusted_types_only(kind: str) -> None:
    frame = generate_churn(300, seed=3)
    schema = infer_schema(frame, "builtin:churn", "churned", "customer_id")
    params = {k: v for k, v in SMALL.items() if _accepts(kind, k)}
    candidate = CandidateConfig.model_validate({"name": "c", "kind": kind, "params": params})
    model = build_candidate(candidate, schema, seed=3)
    model.fit(feature_frame(frame, schema), frame["churned"])
    assert set(get_untrusted_types(data=dumps(model))) <= set(TRUSTED_TYPES)
