"""`configs/serve.yaml`: which model and stage the online service answers with, and how."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.config import ModelConfig, Strict, ValidationConfig
from core.promotion.stages import PromotionStage


class ServeConfig(Strict):
    """The online inference service (a ZenML pipeline deployment on the stack's deployer)."""

    pipeline: Literal["serve"]
    model: ModelConfig = Field(default_factory=ModelConfig)
    stage: PromotionStage = Field("production", description="the stage whose version answers")
    name: str = Field("loopstack-serve", pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    port: int = Field(8001, ge=1024, le=65535, description="on 127.0.0.1; fixed across deploys")
    auth: bool = Field(False, description="require `Authorization: Bearer <key>` (key generated)")
    refresh_seconds: float = Field(5.0, gt=0, description="how often the stage is looked up")
    max_rows: int = Field(1000, ge=1, description="rows per request; more is a 413")
    timeout: int = Field(300, ge=10, description="seconds to wait for the service to be healthy")
    validation: ValidationConfig = Field(default_factory=ValidationConfig)
