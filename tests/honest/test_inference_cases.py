"""At inference a batch is held to the training schema: every altered batch ends in a named
outcome (scored and reported, quarantined with a reason, or a failed run), never in rows that
vanish or are scored silently."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.config import ValidationConfig
from core.data.builtin import generate_churn
from core.data.categories import seen_categories
from core.data.profile import infer_schema
from core.data.schema import TableSchema
from core.data.validation import enforce_quarantine_limit, validate_rows
from core.errors import DataError
from tests.test_cli_errors import cli

REPO = Path(__file__).resolve().parents[2]
ROWS = 1000
CATEGORICAL = [
    "contract",
    "internet_service",
    "payment_method",
    "region",
    "paperless_billing",
    "num_products",  # integer codes: must still match when a batch reads them as floats
]
Alter = Callable[[pd.DataFrame], pd.DataFrame]


@dataclass
class Expect:
    exit: int = 0  # 2: the run fails with a DataError (what run.py exits with)
    reason: str | None = None  # a quarantine reason that must appear (or the error text)
    unseen: dict[str, float] = field(default_factory=dict)  # reported unseen shares
    quarantined: int | None = None


def _set(column: str, value: object, share: float = 1.0) -> Alter:
    def alter(batch: pd.DataFrame) -> pd.DataFrame:
        batch[column] = batch[column].astype(object)
        batch.loc[: int(share * len(batch)) - 1, column] = value
        return batch

    return alter


def _contract_as_numbers(batch: pd.DataFrame) -> pd.DataFrame:
    codes = {"month-to-month": 0.0, "one-year": 12.5, "two-year": 24.0}
    batch["contract"] = batch["contract"].map(codes)
    return batch


def _codes_as_floats(batch: pd.DataFrame) -> pd.DataFrame:
    batch["num_products"] = batch["num_products"].astype(float)
    batch.loc[0, "num_products"] = np.nan
    return batch


def _drifted(batch: pd.DataFrame) -> pd.DataFrame:
    return generate_churn(ROWS, batch=5, drift=0.8).drop(columns="churned")


RANGE = {"ranges": {"num_products": (1.0, 5.0)}}
CASES: list[tuple[str, Alter, dict[str, object], Expect]] = [
    ("clean batch", lambda b: b, {}, Expect(quarantined=0)),
    ("heavy drift, same categories", _drifted, {}, Expect(quarantined=0)),
    ("int codes read back as floats", _codes_as_floats, {}, Expect(quarantined=0)),
    (
        "categorical column now numbers",
        _contract_as_numbers,
        {},
        Expect(2, "contract: type changed: categorical at training", {"contract": 1.0}),
    ),
    (
        "booleans now 0/1",
        _set("paperless_billing", 1),
        {},
        Expect(2, "paperless_billing: type changed", {"paperless_billing": 1.0}),
    ),
    (
        "few unseen categories are scored and reported",
        _set("contract", "monthly", 0.02),
        {},
        Expect(0, None, {"contract": 0.02}, quarantined=0),
    ),
    (
        "unseen above the share are quarantined",
        _set("region", "atlantis", 0.04),
        {"max_unseen_share": 0.03},
        Expect(0, "region: unseen category (e.g. 'atlantis')", {"region": 0.04}, 40),
    ),
    (
        "many unseen fail the run",
        _set("contract", "monthly", 0.10),
        {},
        Expect(2, "contract: unseen category", {"contract": 0.10}),
    ),
    (
        "numeric column now text",
        _set("age", "old"),
        {},
        Expect(2, "age: not a number (type changed: numeric at training, mostly text"),
    ),
    (
        "range rule on a column with some text",
        _set("num_products", "many", 0.02),
        RANGE,
        Expect(0, "num_products: not a number (validation.ranges)", {"num_products": 0.02}, 20),
    ),
    (
        "range rule on a column that became text",
        _set("num_products", "many"),
        RANGE,
        Expect(2, "num_products: not a number (validation.ranges)", {"num_products": 1.0}),
    ),
    (
        "out of range values as before",
        _set("num_products", 9, 0.01),
        RANGE,
        Expect(0, "num_products: less_than_or_equal_to(5", {"num_products": 0.01}, 10),
    ),
]


@pytest.fixture(scope="module")
def schema() -> TableSchema:
    table = generate_churn(3000)
    learned = infer_schema(table, "train.csv", "churned", "customer_id", categorical=CATEGORICAL)
    valid = validate_rows(table, learned, ValidationConfig(), require_target=True).valid
    return learned.model_copy(update={"categories": seen_categories(valid, CATEGORICAL)})


def _outcome(
    batch: pd.DataFrame, schema: TableSchema, rules: ValidationConfig
) -> tuple[int, str, dict[str, float], int | None]:
    result = validate_rows(batch, schema, rules, require_target=False)
    assert len(result.valid) + len(result.quarantined) == len(batch), "rows went missing"
    assert sum(result.reasons.values()) >= len(result.quarantined)
    reasons = " | ".join(result.reasons)
    try:
        enforce_quarantine_limit(result, rules.max_quarantine_share, "batch.csv")
    except DataError as error:
        return 2, f"{reasons} | {error}", result.unseen, len(result.quarantined)
    return 0, reasons, result.unseen, len(result.quarantined)


@pytest.mark.parametrize(("case", "alter", "rules", "expect"), CASES, ids=[c[0] for c in CASES])
def test_inference_case(
    schema: TableSchema, case: str, alter: Alter, rules: dict[str, object], expect: Expect
) -> None:
    batch = alter(generate_churn(ROWS, batch=3).drop(columns="churned"))
    code, text, unseen, quarantined = _outcome(batch, schema, ValidationConfig(**rules))
    assert code == expect.exit, text
    if expect.reason:
        assert expect.reason in text
    assert set(unseen) == set(expect.unseen)
    for column, share in expect.unseen.items():
        assert unseen[column] == pytest.approx(share, abs=1e-3)
    if expect.quarantined is not None:
        assert quarantined == expect.quarantined, text


def test_schema_saved_without_categories_still_loads_and_scores(schema: TableSchema) -> None:
    old = schema.model_dump(mode="json")
    old.pop("categories")
    loaded = TableSchema.model_validate(old)
    assert loaded.categories == {}
    batch = _contract_as_numbers(generate_churn(ROWS, batch=3).drop(columns="churned"))
    result = validate_rows(batch, loaded, ValidationConfig(), require_target=False)
    assert len(result.valid) == ROWS and result.unseen == {}


# --- the real batch inference pipeline, in a subprocess as a user runs it -------------------

MODEL = "honest_scorer"


def _cli(*overrides: str) -> subprocess.CompletedProcess[str]:
    from tests.pipelines.helpers import PINNED

    pinned = (*PINNED["batch_inference"], *overrides)  # as in tests/pipelines: the sample's view
    sets = [arg for override in pinned for arg in ("--set", override)]
    return cli("--config", "configs/batch_inference.yaml", *sets)


@pytest.fixture(scope="module")
def champion(local_stack: str) -> str:
    from tests.pipelines.helpers import train_champion

    return train_champion(
        f"model.name={MODEL}",
        "data.sample.rows=3000",
        "candidates=[{name: logreg, kind: logistic_regression, params: {C: 1.0}}]",
    )


def _last_validation() -> dict[str, object]:
    from zenml.client import Client

    run = Client().get_pipeline("batch_inference_pipeline").last_run
    return dict(run.steps["validate_batch"].run_metadata)


PIPELINE_CASES = [
    ("few unseen categories", _set("region", "atlantis", 0.02), 0, "region"),
    ("categorical column now numbers", _contract_as_numbers, 2, "contract: type changed"),
]


@pytest.mark.pipeline
@pytest.mark.parametrize(
    ("case", "alter", "exit_code", "expect"), PIPELINE_CASES, ids=[c[0] for c in PIPELINE_CASES]
)
def test_batch_inference_pipeline_case(
    champion: str, tmp_path: Path, case: str, alter: Alter, exit_code: int, expect: str
) -> None:
    data = tmp_path / "batch.csv"
    alter(generate_churn(ROWS, batch=3).drop(columns="churned")).to_csv(data, index=False)
    result = _cli(
        f"model.name={MODEL}",
        f"data.source={data}",
        "data.id_column=customer_id",
        f"output.uri={tmp_path / 'preds'}",
    )
    assert result.returncode == exit_code, result.stderr[-3000:]
    meta = _last_validation()
    assert int(meta["rows_valid"]) + int(meta["rows_quarantined"]) == ROWS  # type: ignore[call-overload]
    if exit_code:
        line = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")][-1]
        assert expect in line and "max_quarantine_share" in line and str(data) in line
    else:
        assert meta["unseen_categories"] == {expect: 0.02}
        assert "categories the model never saw" in result.stderr + result.stdout
