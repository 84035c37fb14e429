"""Long calls release the GIL and stop on Ctrl-C (SIGINT) with KeyboardInterrupt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import detente
from conftest import UKRAINE

CHILD = f"""
import detente
s = detente.Scenario.load({UKRAINE!r})
print("ready", flush=True)
try:
    # Weight noise builds an engine per sample: minutes of work.
    s.sweep(10_000_000, 1, weight_noise=50.0, output="numpy")
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_ctrl_c_stops_a_long_sweep_promptly(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(1.0)  # well into the sweep
        assert child.poll() is None, "the sweep ended before it was interrupted"
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
    assert out.strip() == "interrupted"
    assert child.returncode == 0
    assert took < 3.0, f"took {took:.2f} s to stop"


def test_other_python_threads_run_during_a_sweep():
    scenario = detente.Scenario.load(UKRAINE)
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.005)

    thread = threading.Thread(target=tick)
    start = time.monotonic()
    thread.start()
    try:
        scenario.sweep(20_000, 1, weight_noise=50.0, output="numpy")
    finally:
        end = time.monotonic()
        stop.set()
        thread.join()
    during = [t for t in ticks if start + 0.05 < t < end - 0.05]
    # Held GIL: no tick at all during the call; released: one every few milliseconds.
    assert end - start > 0.2
    assert len(during) >= 0.2 * (end - start - 0.1) / 0.005, (len(during), end - start)
