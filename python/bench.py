"""Speed of the Python package against the Rust engine and the command line.

1. Python overhead on a Ukraine ``solve``: ``Scenario.solve()`` (timeit) against the
   library's own work for the same solve, timed in Rust
   (``detente._native.rust_solve_seconds``: situation, engine, solution). Both are
   the best of several rounds, interleaved, so that load from other processes
   touches both alike.
2. A 10^5-sample Ukraine sweep returning its arrays (``output="numpy"``; pandas
   shown too) against the whole ``detente sweep --samples 100000 --seed 7 --json``
   process, best of 3 each.

Run it from the repository root after ``cargo build --release`` and
``pip install ./python``:  python python/bench.py [--cli target/release/detente]
"""

from __future__ import annotations

import argparse
import os
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


def solve_overhead(scenario: detente.Scenario, rounds: int, number: int) -> tuple:
    python, rust = [], []
    for _ in range(rounds):
        python.append(timeit.timeit(scenario.solve, number=number) / number)
        rust.append(_native.rust_solve_seconds(scenario._native, "nash", number))
    return min(python), min(rust)


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
    python, rust = solve_overhead(scenario, rounds=15, number=200)
    print(
        f"solve: Python {python * 1e6:.0f} us, Rust {rust * 1e6:.0f} us, "
        f"overhead {(python - rust) / rust:.0%}"
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
