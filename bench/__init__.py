"""Benchmark suite: orchestration overhead, caching and scale of the loopstack pipelines."""
