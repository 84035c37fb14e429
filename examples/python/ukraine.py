"""The Ukraine scenario from Python: load it, solve it, sweep US support, plot.

    python examples/python/ukraine.py ukraine.png [--samples 400]

Writes a PNG of the deal probability and each seated actor's mean gain against the
level of US support for Ukraine (leverage[us_support]).
"""

from __future__ import annotations

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import detente  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "data", "ukraine_2025.json")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", help="where to write the plot")
    parser.add_argument("--samples", type=int, default=400, help="draws per level")
    parser.add_argument("--steps", type=int, default=11, help="levels of US support")
    args = parser.parse_args(argv)

    scenario = detente.Scenario.load(SCENARIO)
    solution = scenario.solve("nash")
    print(f"{scenario.name}: the Nash agreement")
    for issue, value in solution.agreement.items():
        print(f"  {issue:18} {value}")
    print("  gains: " + ", ".join(f"{a} {g:+.3f}" for a, g in solution.gains.items()))

    sweep = scenario.sweep(
        args.samples, 7, vary=("us_support", 0.0, 1.0, args.steps), output="numpy"
    )
    c = sweep.samples
    levels = np.unique(c["grid_value"])
    at = [c["grid_value"] == x for x in levels]
    deal = np.array([c["deal"][m].mean() for m in at])
    print(f"deal probability from {deal[0]:.2f} (no US support) to {deal[-1]:.2f} (full)")

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 7), sharex=True)
    top.plot(levels, deal, marker="o", color="black")
    top.set_ylabel("deal probability")
    top.set_ylim(0, 1.05)
    top.set_title(f"{scenario.name}: {args.samples} draws per level of US support")
    for actor in scenario.actors:
        gains = [c[f"gain.{actor}"][m].mean() for m in at]
        bottom.plot(levels, gains, marker=".", label=actor)
    bottom.axhline(0, color="grey", linewidth=0.5)
    bottom.set_xlabel("leverage[us_support]")
    bottom.set_ylabel("mean gain u - d")
    bottom.legend()
    fig.tight_layout()
    fig.savefig(args.png, dpi=100)
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
