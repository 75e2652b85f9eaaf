"""The loop demo: `python -m cli.loop_demo --batches 6 --drift-from 3` (or `make loop`).

Trains a champion on the built-in churn data, then runs one monitoring window per batch on the
active stack; batches from `--drift-from` on are drifted. Prints one line per batch (drift
share, action, production version) and ends with a newer production model than it started with.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

CONFIGS = Path(__file__).resolve().parent.parent / "configs"
ONE = "candidates=[{name: logreg, kind: logistic_regression}]"


def _run(name: str, *overrides: str) -> Any:
    from cli.run_pipeline import run
    from core.config import load_config

    path = CONFIGS / f"{name}.yaml"
    return run(load_config(path, list(overrides)), path)


def _production(model: str) -> str:
    from zenml.client import Client

    return str(Client().get_model_version(model, "production").name)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=6)
    parser.add_argument("--drift-from", type=int, default=3)
    parser.add_argument("--drift", type=float, default=0.8)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--model", default="churn_loop_demo")
    args = parser.parse_args(argv)
    common = (f"model.name={args.model}", f"data.sample.rows={args.rows}")
    _run("training", *common, ONE)
    start = _production(args.model)
    print(f"{'batch':>5}  {'drift':>5}  {'share':>6}  {'action':8}  {'production':>10}")
    for batch in range(1, args.batches + 1):
        drift = args.drift if batch >= args.drift_from else 0.0
        run = _run(
            "monitoring",
            *common,
            f"data.sample.batch={batch}",
            f"data.sample.drift={drift}",
            f'loop.retrain.overrides=["{ONE}"]',
        )
        window = run.steps["decide_retraining"].outputs["monitoring_window"][0].load()
        share = next(s.value for s in window.signals if s.name == "data_drift")
        print(
            f"{batch:>5}  {drift:>5.2f}  {share:>6.1%}  {window.action:8}  "
            f"{_production(args.model):>10}"
        )
    end = _production(args.model)
    print(f"production model: version {start} -> {end}")
    return 0 if end != start else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
