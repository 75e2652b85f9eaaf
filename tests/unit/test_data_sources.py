"""Loading tables: CSV dialects, Parquet, the built-in generator and clear errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from core.config import SampleConfig
from core.data.builtin import generate_churn
from core.data.sources import load_table, table_format
from core.errors import DataError


def test_builtin_churn_is_deterministic_and_batches_differ() -> None:
    sample = SampleConfig(rows=500, seed=3)
    first = load_table("builtin:churn", sample=sample)
    assert first.equals(load_table("builtin:churn", sample=sample))
    later = load_table("builtin:churn", sample=SampleConfig(rows=500, seed=3, batch=1))
    assert set(first["customer_id"]).isdisjoint(later["customer_id"])
    assert first["churned"].isin([0, 1]).all() and 0.2 < first["churned"].mean() < 0.8
    assert first[["total_charges", "internet_service"]].isna().any().all()


def test_drift_moves_the_distributions() -> None:
    clean = generate_churn(4000, batch=1)
    drifted = generate_churn(4000, batch=1, drift=0.8)
    assert drifted["monthly_charges"].mean() > clean["monthly_charges"].mean() + 10
    assert (drifted["contract"] == "month-to-month").mean() > (
        clean["contract"] == "month-to-month"
    ).mean()


def test_extra_features_add_columns() -> None:
    frame = generate_churn(100, extra_features=5)
    assert [c for c in frame.columns if c.startswith("signal_")] == [
        f"signal_{k:03d}" for k in range(5)
    ]


def test_unknown_builtin_lists_the_known_ones() -> None:
    with pytest.raises(DataError, match="builtin:churn"):
        load_table("builtin:nope")


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_delimiters_are_sniffed(tmp_path: Path, sep: str) -> None:
    path = tmp_path / "table.csv"
    pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}).to_csv(path, sep=sep, index=False)
    frame = load_table(str(path))
    assert list(frame.columns) == ["a", "b"] and frame["a"].tolist() == [1, 2, 3]


def test_question_marks_are_missing_and_spaces_are_stripped(tmp_path: Path) -> None:
    path = tmp_path / "uci.csv"
    path.write_text("age, work ,label\n39, State-gov,<=50K\n50, ?,>50K\n")
    frame = load_table(str(path))
    assert list(frame.columns) == ["age", "work", "label"]
    assert frame["work"].tolist()[0] == "State-gov" and pd.isna(frame["work"].tolist()[1])


def test_latin1_and_gzip_csv(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("city,label\nMünchen,1\nZürich,0\n".encode("latin-1"))
    assert load_table(str(latin))["city"].tolist() == ["München", "Zürich"]
    packed = tmp_path / "packed.csv.gz"
    packed.write_bytes(gzip.compress(b"a,label\n1,0\n2,1\n"))
    assert len(load_table(str(packed))) == 2


def test_parquet_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "table.parquet"
    generate_churn(50).to_parquet(path)
    assert load_table(str(path)).shape == (50, 14)


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "empty"), ("a,b\n", "no rows"), ("a,a\n1,2\n", "duplicate column")],
)
def test_unusable_csv_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.parquet.csv"
    path.write_text(content)
    with pytest.raises(DataError, match=message) as error:
        load_table(str(path))
    assert str(path) in str(error.value)


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"data\.source"):
        load_table(str(tmp_path / "missing.csv"))
    with pytest.raises(DataError, match=r"data\.format"):
        table_format("table.xlsx")
    assert table_format("table.xlsx", "csv") == "csv"


def test_corrupt_parquet_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match="Parquet") as error:
        load_table(str(path))
    assert str(path) in str(error.value)


def test_decimal_commas_with_thousands_and_text_are_read_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_text("id;price;score;city\n1;1.234,5;1,5;Köln\n2;12,25;unknown;Graz\n3;7;2,5;Wien\n")
    frame = load_table(str(path))
    assert frame["price"].tolist() == [1234.5, 12.25, 7.0]
    assert frame["score"].tolist() == [1.5, "unknown", 2.5]  # text stays text: quarantined later
    assert frame["city"].dtype == object
    kept = load_table(str(path), decimal=".")
    assert kept["price"].tolist() == ["1.234,5", "12,25", "7"]


def test_a_uri_the_stack_cannot_read_names_the_stack_to_use() -> None:
    def no_s3(source: str, mode: str) -> object:
        raise ValueError("No file systems were found for the scheme: s3://. Please ...")

    with pytest.raises(DataError, match=r"cannot read s3://.*zenml stack set local-services"):
        load_table("s3://bucket/t.csv", opener=no_s3)  # type: ignore[arg-type]
