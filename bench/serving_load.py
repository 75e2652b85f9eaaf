"""The online service under load: `POST /predict` at 1, 8 and 32 clients, 1 and 100 rows.

`python -m bench.serving_load [--seconds 5] [--set key=value ...]`, run by bench/suite.py in a
Sandbox (own ZenML config, embedded stack up). Trains a model (the first version is promoted to
production), deploys it as the user does (`run.py serve deploy --stack local`, free port),
sends keep-alive requests from stdlib threads for `--seconds` per level, stops the service
(`run.py serve stop --delete`, then by PID if it still runs) and prints one JSON line. The
floor: the same rows scored in this process by the loaded model's `predict_proba`, and by the
service's whole scoring path (`score_rows`: transform, validation, predict) without HTTP.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import psutil

MODEL = "bench_served"
NAME = "bench-serve"
CLIENTS = (1, 8, 32)
ROWS = (1, 100)


def cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "run.py", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"run.py {' '.join(args)}: {done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


def request_rows(count: int) -> list[dict[str, Any]]:
    """Rows as a client sends them (a new batch, without the label)."""
    from core.data.builtin import generate_churn

    frame = generate_churn(count, batch=5).drop(columns=["churned"])
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records"))
    return rows


def _tree_cpu(pid: int) -> float:
    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def load(port: int, pid: int, body: bytes, clients: int, seconds: float) -> dict[str, Any]:
    """`clients` threads, each on its own keep-alive connection, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Content-Type": "application/json"}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            conn.request("POST", "/predict", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    cpu_before, started = _tree_cpu(pid), time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - started, _tree_cpu(pid) - cpu_before
    ms = sorted(x * 1000 for x in latencies)
    return {
        "clients": clients,
        "requests": len(ms),
        "errors": errors[0],
        "rps": len(ms) / elapsed,
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))],
        "service_cpu_ms": cpu * 1000 / max(len(ms), 1),
    }


def _median_ms(call: Callable[[], object], budget: float = 1.0) -> float:
    """Median of repeated calls for about `budget` seconds (at least 5)."""
    call()  # warm-up
    times: list[float] = []
    stop = time.perf_counter() + budget
    while len(times) < 5 or time.perf_counter() < stop:
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def floor(rows_by_size: dict[int, list[dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
    """The served version's name, and its model on the same rows in this process."""
    import pandas as pd

    from core.config import load_any_config
    from core.data.profile import ensure_row_id
    from core.features.spec import apply_to_batch
    from core.serving.scoring import SOURCE, score_rows
    from serving.model_cache import ModelCache

    rules = load_any_config("configs/serve.yaml", []).validation  # type: ignore[union-attr]
    loaded = ModelCache(MODEL, "production", 3600).current()
    out = {}
    for size, rows in rows_by_size.items():
        frame = pd.DataFrame.from_records(rows)
        if not loaded.schema.id_derived and loaded.schema.id_column not in frame.columns:
            frame[loaded.schema.id_column] = range(len(frame))
        table = ensure_row_id(apply_to_batch(frame, loaded.transform, SOURCE), loaded.schema)
        features = table[loaded.schema.features]
        out[str(size)] = {
            "predict_proba_ms": _median_ms(partial(loaded.model.predict_proba, features)),
            "score_rows_ms": _median_ms(
                partial(score_rows, rows, loaded.model, loaded.schema, loaded.transform, rules)
            ),
        }
    return loaded.version, out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="load per level")
    parser.add_argument("--set", dest="sets", action="append", default=[])
    args = parser.parse_args(argv)
    from servers.process import free_port, pid_alive, stop_pid

    sets = [f"--set={s}" for s in args.sets]
    cli("--config", "configs/training.yaml", f"--set=model.name={MODEL}", *sets)
    rows_by_size = {size: request_rows(size) for size in ROWS}
    port = free_port()
    options = [f"--set=name={NAME}", f"--set=port={port}", f"--set=model.name={MODEL}"]
    cli("serve", "deploy", "--stack", "local", *options)
    pid = 0
    try:
        status = cli("serve", "status", "--name", NAME)
        pid = int(status.split("pid ", 1)[1].split(",", 1)[0])
        levels = []
        for size, rows in rows_by_size.items():
            body = json.dumps({"rows": rows}).encode()
            load(port, pid, body, 1, 1.0)  # warm-up: first requests load what they need
            for clients in CLIENTS:
                levels.append({"rows": size, **load(port, pid, body, clients, args.seconds)})
                print(f"serving {levels[-1]}", flush=True)
    finally:
        try:
            cli("serve", "stop", "--name", NAME, "--delete")
        finally:
            if pid and pid_alive(pid):
                stop_pid(pid)
    version, figures = floor(rows_by_size)
    result = {"model": MODEL, "version": version, "seconds": args.seconds, "http": levels}
    print(json.dumps({**result, "floor": figures}))


if __name__ == "__main__":
    main()
