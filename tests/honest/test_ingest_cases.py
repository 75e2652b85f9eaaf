"""Ingest cases from real tables: every column is a feature, the id/target, dropped on request,
or named on the console with its reason; nothing is reinterpreted quietly.

Each row: case id, table written in tmp_path, config overrides, expected outcome ("ok" or
"error"), a fragment the error or the console must contain.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.config import TrainingConfig, load_config
from core.data.exclusions import announce_exclusions, require_no_exclusions
from core.data.profile import ensure_row_id, infer_schema
from core.data.schema import TableSchema
from core.data.sources import load_table
from core.data.validation import enforce_quarantine_limit, validate_rows
from core.errors import DataError
from tests.test_cli_errors import cli

REPO = Path(__file__).resolve().parents[2]
TRAINING = REPO / "configs" / "training.yaml"
ROWS = 200


def messy(rows: int = ROWS, seed: int = 0) -> pd.DataFrame:
    """A customer table as people export it: mixed-case headers, gaps, a yes/no target, no id."""
    rng = np.random.default_rng(seed)
    spend = rng.gamma(2.0, 30.0, rows).round(2)
    visits = rng.poisson(3, rows)
    plan = rng.choice(["Basic", "Plus", "Pro"], rows)
    logit = 0.04 * (spend - 60) - 0.4 * (visits - 3) + 0.8 * (plan == "Basic")
    frame = pd.DataFrame(
        {
            "Monthly Spend": spend,
            "Visits": visits.astype(float),
            "Plan": plan,
            "Region": rng.choice(["N", "S", "E", "W"], rows),
            "Left": np.where(rng.random(rows) < 1 / (1 + np.exp(-logit)), "yes", "no"),
        }
    )
    frame.loc[rng.random(rows) < 0.05, "Visits"] = np.nan
    frame.loc[rng.random(rows) < 0.05, "Region"] = None
    return frame


def as_is(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def with_junk(frame: pd.DataFrame, share: float = 0.2) -> pd.DataFrame:
    out = frame.copy()
    out["Score"] = out["Monthly Spend"].astype(object)
    out.loc[: int(len(out) * share) - 1, "Score"] = "n/a (call centre)"
    return out


def with_empty(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(Notes=np.nan)


def write(frame: pd.DataFrame, path: Path, sep: str = ",", decimal: str = ".") -> Path:
    frame.to_csv(path, index=False, sep=sep, decimal=decimal)
    return path


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def ingest(path: Path, overrides: list[str]) -> tuple[TableSchema, pd.DataFrame, str]:
    """What the training pipeline's ingest and validate steps do, in process; the console text."""
    config = load_config(TRAINING, [f"data.source={path}", *overrides])
    assert isinstance(config, TrainingConfig)
    data, rules = config.data, config.validation
    handler = Captured()
    logger = logging.getLogger("ingest-cases")
    for name in ("core.data", ""):
        logging.getLogger(name or None).addHandler(handler)
    logging.getLogger("core.data").setLevel(logging.INFO)
    try:
        frame = load_table(data.source, data.format, data.sample, decimal=data.decimal)
        schema = infer_schema(
            frame,
            data.source,
            data.target,
            data.id_column,
            data.numeric,
            data.categorical,
            data.drop,
        )
        announce_exclusions(schema, data.drop, logger)
        if rules.strict:
            require_no_exclusions(schema, data.drop)
        table = ensure_row_id(frame, schema)
        result = validate_rows(table, schema, rules, require_target=True)
        enforce_quarantine_limit(result, rules.max_quarantine_share, data.source)
    finally:
        for name in ("core.data", ""):
            logging.getLogger(name or None).removeHandler(handler)
    console = "\n".join(handler.lines)
    header = pd.read_csv(path, sep=None, engine="python", nrows=0).columns
    accounted = {*schema.features, schema.id_column, schema.target, *data.drop}
    for column in header:
        if column not in accounted:  # left out: must be named, with a reason, on the console
            assert f"column '{column}' is not a feature" in console, (column, console)
    for column in data.drop:  # asked for: never warned about
        assert f"'{column}'" not in console, console
    return schema, frame, console


T = "data.target=Left"
CASES = [
    # case, table, csv sep, csv decimal, overrides, outcome, fragment
    ("plain_own_table", as_is, ",", ".", [T], "ok", ""),
    ("semicolon_decimal_comma", as_is, ";", ",", [T], "ok", "decimal commas detected"),
    ("decimal_comma_forced", as_is, ";", ",", [T, "data.decimal=','"], "ok", ""),
    ("decimal_comma_clash", as_is, ",", ".", [T, "data.decimal=','"], "error", "data.decimal"),
    ("mostly_numbers", with_junk, ",", ".", [T], "ok", "80% numbers, 20% text"),
    (
        "mostly_numbers_forced",
        with_junk,
        ",",
        ".",
        [T, "data.numeric=['Monthly Spend', Visits, Score]", "validation.max_quarantine_share=0.3"],
        "ok",
        "",
    ),
    ("all_missing", with_empty, ",", ".", [T], "ok", "column 'Notes' is not a feature: all"),
    ("all_missing_dropped", with_empty, ",", ".", [T, "data.drop=[Notes]"], "ok", ""),
    ("strict", with_junk, ",", ".", [T, "validation.strict=true"], "error", "'Score' (80%"),
    (
        "strict_with_drop",
        with_junk,
        ",",
        ".",
        [T, "validation.strict=true", "data.drop=[Score]"],
        "ok",
        "",
    ),
]


@pytest.mark.parametrize(
    ("case", "build", "sep", "decimal", "overrides", "outcome", "fragment"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_ingest_case(
    tmp_path: Path,
    case: str,
    build: object,
    sep: str,
    decimal: str,
    overrides: list[str],
    outcome: str,
    fragment: str,
) -> None:
    assert callable(build)
    path = write(build(messy()), tmp_path / f"{case}.csv", sep, decimal)
    if outcome == "error":
        with pytest.raises(DataError) as caught:
            ingest(path, overrides)
        assert str(path) in str(caught.value) and fragment in str(caught.value)
        return
    schema, _, console = ingest(path, overrides)
    assert fragment in console
    assert {"Monthly Spend", "Visits"} <= set(schema.numeric), schema
    assert {"Plan", "Region"} <= set(schema.categorical)
    assert schema.id_derived and schema.classes == ["no", "yes"]


def test_the_sample_brings_its_own_rules_and_leaves_them_behind() -> None:
    sample = load_config(TRAINING)
    assert sample.data.id_column == "customer_id" and "age" in sample.validation.ranges
    own = load_config(TRAINING, ["data.source=my.csv", "data.target=churn"])
    assert own.data.id_column is None and own.validation.ranges == {}
    pinned = load_config(TRAINING, ["data.id_column=null", "validation.ranges={}"])
    assert pinned.data.id_column is None and pinned.validation.ranges == {}


def test_an_s3_source_on_a_local_artifact_store_names_the_fix() -> None:
    from zenml.io import fileio

    with pytest.raises(DataError, match=r"s3://b/t.csv: .*cannot read s3://.*local-services"):
        load_table("s3://b/t.csv", opener=fileio.open)


RUNS = [
    # case, sep, decimal, source (None: the table written in tmp_path), exit code, fragment
    ("messy_table_trains", ",", ".", None, 0, "column 'Score' is not a feature: 80% numbers"),
    ("semicolon_decimal_comma_trains", ";", ",", None, 0, "decimal commas detected"),
    ("s3_on_local_stack", ",", ".", "s3://bucket/table.csv", 2, "cannot read s3://"),
]


@pytest.mark.pipeline
@pytest.mark.parametrize(
    ("case", "sep", "decimal", "source", "code", "fragment"), RUNS, ids=[r[0] for r in RUNS]
)
def test_training_on_a_table_of_ones_own(
    local_stack: str,
    tmp_path: Path,
    case: str,
    sep: str,
    decimal: str,
    source: str | None,
    code: int,
    fragment: str,
) -> None:
    """`data.source` and `data.target` are all a classification table needs."""
    path = write(with_junk(messy(400, seed=1)), tmp_path / f"{case}.csv", sep, decimal)
    result = cli(
        "--config",
        "configs/training.yaml",
        "--set",
        f"data.source={source or path}",
        "--set",
        "data.target=Left",
        "--set",
        "model.name=own_table",  # its own model: other tests' champions stay untouched
    )
    output = result.stdout + result.stderr
    assert result.returncode == code, output[-3000:]
    if code == 0:
        assert fragment in output and "Traceback" not in output, output[-3000:]
        return
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors and fragment in errors[-1], result.stderr[-3000:]  # one line, not a trace
    assert "Traceback" not in result.stderr
