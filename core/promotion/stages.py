"""The stages a model version can be moved to (ZenML's stages without `latest`): the one list
behind the promotion config, the CLI's `--stage` choice and the registry checks."""

from typing import Literal, get_args

PromotionStage = Literal["staging", "production", "archived"]
STAGES: tuple[str, ...] = get_args(PromotionStage)
