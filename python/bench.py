"""Speed of the Python package against the Rust engine and the command line.

1. Python overhead on a Ukraine ``solve``: each call of ``Scenario.solve()`` timed
   whole from Python, less the library's work in that same call, timed in Rust
   (``detente._native.last_work_seconds``: concept, leverage, situation, engine,
   solution); the rest is the binding's (arguments, the GIL, the output as JSON text
   and Python objects, the result dataclass). Medians over many calls, so that load
   from other processes weighs little. For reference, the same solve in a tight
   Rust loop (``rust_solve_seconds``, caches warm from the previous solve).
2. A 10^5-sample Ukraine sweep returning its arrays (``output="numpy"``; pandas
   shown too) against the whole ``detente sweep --samples 100000 --seed 7 --json``
   process, best of 3 each.

Run it from the repository root after ``cargo build --release`` and
``pip install ./python``:  python python/bench.py [--cli target/release/detente]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))
# The installed package, not its source folder beside this script.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != HERE]

import detente  # noqa: E402
from detente import _native  # noqa: E402

ROOT = os.path.dirname(HERE)
UKRAINE = os.path.join(ROOT, "examples", "data", "ukraine_2025.json")


def solve_overhead(scenario: detente.Scenario, calls: int) -> tuple:
    whole, work = [], []
    for _ in range(calls):
        start = time.perf_counter()
        scenario.solve()
        whole.append(time.perf_counter() - start)
        work.append(_native.last_work_seconds())
    overhead = sorted(w - r for w, r in zip(whole, work))
    return statistics.median(work), overhead[len(overhead) // 2]


def sweep_times(scenario: detente.Scenario, cli: str, samples: int, rounds: int) -> dict:
    command = [cli, "sweep", UKRAINE, "--samples", str(samples), "--seed", "7", "--json"]
    best = {"cli": float("inf"), "numpy": float("inf"), "pandas": float("inf")}
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        best["cli"] = min(best["cli"], time.perf_counter() - start)
        for output in ("numpy", "pandas"):
            start = time.perf_counter()
            scenario.sweep(samples, 7, output=output)
            best[output] = min(best[output], time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=os.path.join(ROOT, "target", "release", "detente"))
    parser.add_argument("--samples", type=int, default=100_000)
    args = parser.parse_args()
    print("load:", os.popen("uptime").read().strip())
    scenario = detente.Scenario.load(UKRAINE)
    work, overhead = solve_overhead(scenario, calls=3000)
    loop = min(_native.rust_solve_seconds(scenario._native, "nash", 200) for _ in range(10))
    print(
        f"solve: Rust work {work * 1e6:.0f} us per call (tight Rust loop {loop * 1e6:.0f} us), "
        f"Python overhead {overhead * 1e6:.1f} us = {overhead / work:.0%} (medians of 3000 calls)"
    )
    best = sweep_times(scenario, args.cli, args.samples, rounds=3)
    print(
        f"sweep of {args.samples}: CLI process {best['cli']:.3f} s, "
        f"Python numpy {best['numpy']:.3f} s ({best['numpy'] / best['cli']:.2f}x), "
        f"pandas {best['pandas']:.3f} s ({best['pandas'] / best['cli']:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
