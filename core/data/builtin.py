"""Built-in sample data: a synthetic customer-churn table with tunable size and drift.

`builtin:churn` lets the project run on day one without a dataset. Batches > 0 are new
customers (fresh ids); `drift` in [0, 1] shifts prices, usage and contract mix the way a
real market change would, which moves both features and churn rate.

A built-in dataset carries its own rules (`BuiltinDataset`: id column, value ranges); the
config applies them only while `data.source` names it and the keys are not set, so pointing
`data.source` at another table leaves none of the sample's rules behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

CONTRACTS = np.array(["month-to-month", "one-year", "two-year"])
INTERNET = np.array(["fiber", "dsl", "none"])
PAYMENT = np.array(["card", "bank-transfer", "electronic-check", "mailed-check"])
REGIONS = np.array(["north", "south", "east", "west", "central"])
MISSING_SHARE = 0.02


def _choice(rng: np.random.Generator, values: np.ndarray, probs: list[float], n: int) -> np.ndarray:
    weights = np.asarray(probs, dtype=float)
    return values[rng.choice(len(values), size=n, p=weights / weights.sum())]


def generate_churn(
    rows: int, seed: int = 42, batch: int = 0, drift: float = 0.0, extra_features: int = 0
) -> pd.DataFrame:
    """Return `rows` customers of `batch` with target `churned` (0/1) and id `customer_id`."""
    rng = np.random.default_rng([seed, batch])
    n = rows
    contract = _choice(rng, CONTRACTS, [0.55 + 0.3 * drift, 0.25, 0.20 - 0.15 * drift], n)
    tenure = np.clip(rng.gamma(2.0, 14.0 * (1 - 0.5 * drift), n), 0, 72).round()
    monthly = np.clip(rng.normal(65 + 25 * drift, 25, n), 18, 160).round(2)
    total = (monthly * np.maximum(tenure, 1) * rng.normal(1.0, 0.05, n)).round(2)
    support_calls = rng.poisson(1.2 + 2.0 * drift, n)
    internet = _choice(rng, INTERNET, [0.45 + 0.25 * drift, 0.35, 0.20 - 0.1 * drift], n)
    payment = _choice(rng, PAYMENT, [0.3, 0.25, 0.3 + 0.2 * drift, 0.15], n)
    products = 1 + rng.binomial(4, 0.3, n)
    age = np.clip(rng.normal(45 - 8 * drift, 14, n), 18, 95).round()
    region = _choice(rng, REGIONS, [0.2, 0.2, 0.2, 0.2, 0.2 + 0.6 * drift], n)
    paperless = rng.random(n) < 0.6 + 0.2 * drift
    last_login = np.clip(rng.exponential(12 + 20 * drift, n), 0, 365).round()

    logit = 1.8 * (
        -1.0
        + 1.4 * (contract == "month-to-month")
        - 0.6 * (contract == "two-year")
        - 0.035 * tenure
        + 0.018 * (monthly - 65)
        + 0.35 * support_calls
        + 0.5 * (internet == "fiber")
        + 0.45 * (payment == "electronic-check")
        - 0.25 * (products - 2)
        + 0.02 * last_login
        + 0.2 * paperless
        + rng.normal(0, 0.6, n)
    )
    churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype("int64")

    frame = pd.DataFrame(
        {
            "customer_id": np.char.add(f"B{batch:03d}-", np.arange(n).astype(str)),
            "tenure_months": tenure,
            "contract": contract,
            "monthly_charges": monthly,
            "total_charges": total,
            "support_calls": support_calls.astype("int64"),
            "internet_service": internet.astype(object),
            "payment_method": payment,
            "num_products": products.astype("int64"),
            "age": age,
            "region": region,
            "paperless_billing": paperless,
            "last_login_days": last_login,
        }
    )
    for k in range(extra_features):
        frame[f"signal_{k:03d}"] = rng.normal(0.5 * drift, 1.0, n).astype("float32")
    for column in ("total_charges", "internet_service", "last_login_days"):
        frame.loc[rng.random(n) < MISSING_SHARE, column] = None
    frame["churned"] = churned
    return frame


@dataclass(frozen=True)
class BuiltinDataset:
    """A generator and the rules that belong to its table."""

    generator: Callable[..., pd.DataFrame]
    id_column: str | None = None
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)


BUILTINS: dict[str, BuiltinDataset] = {
    "churn": BuiltinDataset(
        generate_churn,
        id_column="customer_id",
        ranges={"age": (18, 100), "monthly_charges": (0, None)},
    )
}
GENERATORS: dict[str, Callable[..., pd.DataFrame]] = {k: v.generator for k, v in BUILTINS.items()}


def builtin_dataset(source: object) -> BuiltinDataset | None:
    """The built-in dataset `source` (`builtin:<name>`) names, or None."""
    if not isinstance(source, str) or not source.startswith("builtin:"):
        return None
    return BUILTINS.get(source.split(":", 1)[1])
