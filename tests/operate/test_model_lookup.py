"""orchestration.model_lookup: the one-line errors a scoring run gives before it starts."""

from __future__ import annotations

import pytest

from core.errors import ModelNotFoundError
from orchestration.model_lookup import require_model_version


def test_a_missing_model_and_a_missing_stage_get_their_own_message(local_stack: str) -> None:
    from zenml.client import Client

    with pytest.raises(ModelNotFoundError, match="model 'lookup_absent' does not exist yet"):
        require_model_version("lookup_absent", "production")
    Client().create_model(name="lookup_unstaged")
    Client().create_model_version(model_name_or_id="lookup_unstaged", name="v1")
    with pytest.raises(ModelNotFoundError, match="'lookup_unstaged' has no production version"):
        require_model_version("lookup_unstaged", "production")
    Client().update_model_version("lookup_unstaged", "v1", stage="production")
    assert str(require_model_version("lookup_unstaged", "production").name) == "v1"
