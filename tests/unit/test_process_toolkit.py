"""The process toolkit: a spawned process is alive (also while it is still being exec'd),
is judged by its command line when asked, and is gone after `stop_pid`."""

from __future__ import annotations

import os
import time
from pathlib import Path

from servers.process import pid_alive, spawn, stop_pid


def test_spawned_process_is_alive_by_pid_and_command_then_stopped(tmp_path: Path) -> None:
    pid = spawn(["sleep", "30"], tmp_path / "sleep.log", dict(os.environ), tmp_path)
    assert pid_alive(pid) and pid_alive(pid, command_has="sleep")  # at once, before exec ends
    if Path("/proc").is_dir():  # Linux: the command line is readable once exec is done
        deadline = time.monotonic() + 10
        while not Path(f"/proc/{pid}/cmdline").read_bytes() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not pid_alive(pid, command_has="airflow")  # a reused PID is not ours
    assert stop_pid(pid, grace=5) is True
    assert not pid_alive(pid) and stop_pid(pid) is False
