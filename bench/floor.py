"""Case 2, the ZenML floor: a pipeline of N trivial steps on the active (embedded) stack.

Every step of a `run` executes: each pipeline's chain starts from its own value, so no step
has the inputs of a step of an earlier pipeline in the same store (ZenML's cache key does not
include the pipeline, so identical chains would be cache hits). Caching stays enabled, as in
case 3: each step pays the cache lookup and misses. A second `run` in the same store is the
fully cached re-run (2c).

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


CHAIN_GAP = 1_000_000  # start of chain k: k * CHAIN_GAP (chains never share a value)


@pipeline
def floor_pipeline(steps: int, start: int = 0) -> None:
    """`steps` trivial steps in a chain (each depends on the previous one) from `start`."""
    value = trivial(start, id="step_0")
    for index in range(1, steps):
        value = trivial(value, id=f"step_{index}")


def run_chains(counts: list[int]) -> None:
    """One pipeline per count, in this process (as `make run` runs our three pipelines)."""
    for index, steps in enumerate(counts):
        floor_pipeline(steps=steps, start=index * CHAIN_GAP)


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
        run_chains(args.steps)


if __name__ == "__main__":
    main()
