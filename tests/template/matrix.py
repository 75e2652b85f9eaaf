"""Answer matrix in the cookiecutter-data-science style.

The axes that change code paths (stacks selection x CI provider x task) form a product; every
other option is cycled along it, so each value is exercised without the product exploding.

LOOPSTACK_TEMPLATE_MATRIX selects how much of it runs:
  cover (default) - the fewest combinations that still use every value of every axis
  full            - the whole product (48 combinations), and the pipeline tests of a generated
                    project with non-default answers (test_generated_project.py)
  one             - a single non-default combination (quick local check)
"""

from __future__ import annotations

import itertools
import os
from typing import Any

from tests.template.expectations import STACKS

STACK_SETS: list[tuple[str, ...]] = [
    combo for size in range(len(STACKS) + 1) for combo in itertools.combinations(STACKS, size)
]
PRODUCT_AXES: dict[str, list[Any]] = {
    "stacks": [list(s) for s in STACK_SETS],
    "ci_provider": ["github", "gitlab", "none"],
    "task": ["binary", "multiclass"],
}
CYCLED: dict[str, list[Any]] = {
    "candidates": [
        ["logistic_regression"],
        ["random_forest", "extra_trees"],
        ["hist_gradient_boosting", "gradient_boosting", "logistic_regression"],
    ],
    "promotion_policy": ["compare", "always", "never"],
    "promotion_stage": ["staging", "production"],
    "alerts": [False, True],
    "license": ["MIT", "Apache-2.0", "BSD-3-Clause", "Proprietary"],
    "python_version": ["3.11", "3.12", "3.13"],
    "author_name": ["", "Ana Lee"],
    "author_email": ["", "ml-team@example.org"],
    "id_column": ["", "row_id"],
}
# Multiclass needs a dataset of one's own (the built-in sample is binary).
DATASETS = ["builtin:churn", "data/customers.parquet", "s3://bucket/tables/orders.csv"]


def _answers(index: int, product: tuple[Any, ...]) -> dict[str, Any]:
    answers = dict(zip(PRODUCT_AXES, product, strict=True))
    for key, values in CYCLED.items():
        answers[key] = values[index % len(values)]
    dataset = DATASETS[index % len(DATASETS)]
    if answers["task"] == "multiclass" and dataset.startswith("builtin:"):
        dataset = DATASETS[1 + index % 2]
    answers["dataset"] = dataset
    answers["project_name"] = f"Matrix Project {index}"
    if not dataset.startswith("builtin:"):
        answers["target_column"] = "label"
    else:
        answers.pop("id_column")
    return answers


def _products() -> list[tuple[Any, ...]]:
    return list(itertools.product(*PRODUCT_AXES.values()))


def covering(products: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Greedy: keep a combination while it brings a product-axis value not used yet."""
    needed = {(axis, repr(v)) for axis, values in PRODUCT_AXES.items() for v in values}
    chosen = []
    # Walk the product with a stride so consecutive picks differ on every axis.
    for i in sorted(range(len(products)), key=lambda i: (i * 7) % len(products)):
        brings = {(axis, repr(v)) for axis, v in zip(PRODUCT_AXES, products[i], strict=True)}
        if brings & needed:
            chosen.append(products[i])
            needed -= brings
        if not needed:
            break
    return chosen


def selected(mode: str | None = None) -> list[dict[str, Any]]:
    """The combinations to run; cycled options follow the position in the selection."""
    mode = mode or os.environ.get("LOOPSTACK_TEMPLATE_MATRIX", "cover")
    products = _products()
    if mode == "cover":
        products = covering(products)
    elif mode == "one":
        products = covering(products)[1:2]
    elif mode != "full":
        raise ValueError(f"LOOPSTACK_TEMPLATE_MATRIX={mode!r}: use cover, full or one")
    return [_answers(i, product) for i, product in enumerate(products)]


def combo_id(answers: dict[str, Any]) -> str:
    stacks = "+".join(answers["stacks"]) or "local"
    return f"{stacks}-{answers['ci_provider']}-{answers['task']}"
