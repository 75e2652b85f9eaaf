"""Case 2, the ZenML floor: a pipeline of N trivial steps on the active (embedded) stack.

python -m bench.floor run --steps 16 7 11   # chains of 16, 7 and 11 steps, in one process
python -m bench.floor count                 # steps of the latest run of each pipeline
"""

from __future__ import annotations

import argparse
import json

from zenml import pipeline, step


@step
def trivial(value: int) -> int:
    """The least a step can do: take an int artifact, return another."""
    return value + 1


@pipeline
def floor_pipeline(steps: int) -> None:
    """`steps` trivial steps in a chain (each depends on the previous one)."""
    value = trivial(0, id="step_0")
    for index in range(1, steps):
        value = trivial(value, id=f"step_{index}")


def step_counts() -> dict[str, int]:
    """pipeline name -> number of steps in its latest run (in this ZenML store)."""
    from zenml.client import Client

    counts: dict[str, int] = {}
    for run in Client().list_pipeline_runs(sort_by="desc:created", size=50).items:
        name = run.pipeline.name if run.pipeline else "?"
        counts.setdefault(name, len(run.steps))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "count"])
    parser.add_argument("--steps", type=int, nargs="+", default=[9], help="steps per pipeline")
    args = parser.parse_args()
    if args.command == "count":
        print(json.dumps(step_counts()))
    else:
        for steps in args.steps:  # as `make run` runs our three pipelines: one process
            floor_pipeline(steps=steps)


if __name__ == "__main__":
    main()
