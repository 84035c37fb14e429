"""A detente sweep as shards on a Dask cluster, merged into the single-process sweep.

Each shard runs as one Dask task on any worker (the scenario travels with it, so
workers need no shared file system); ``detente.merge`` joins the shards' samples and
summarises them exactly as one process would. The summary printed is byte for byte
what ``detente sweep SCENARIO --samples N --seed S --json`` prints.

    # a local cluster of 2 worker processes
    python examples/python/dask_sweep.py examples/data/ukraine_2025.json \\
        --samples 100000 --seed 7 --shards 8 --workers 2

    # an existing cluster, e.g. one started through dask-jobqueue:
    #   from dask_jobqueue import SLURMCluster
    #   cluster = SLURMCluster(cores=16, memory="32GB", walltime="01:00:00")
    #   cluster.scale(jobs=4); print(cluster.scheduler_address)
    python examples/python/dask_sweep.py SCENARIO --samples N --seed S \\
        --shards 64 --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Dict, Optional

import detente


def sweep_on(
    client: Any,
    scenario: detente.Scenario,
    samples: int,
    seed: int,
    shards: int,
    **options: Any,
) -> detente.SweepResult:
    """Run ``scenario.sweep(samples, seed, **options)`` as ``shards`` Dask tasks."""
    futures = [
        client.submit(detente.sweep_shard, scenario, (k, shards), samples, seed, pure=False, **options)
        for k in range(1, shards + 1)
    ]
    return detente.merge(client.gather(futures), output=options.get("output", "auto"))


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--concept", default="nash")
    parser.add_argument("--vary", help="ID=LO:HI:STEPS, as detente sweep --vary")
    parser.add_argument("--weight-noise", type=float)
    parser.add_argument("--shards", type=int, default=8)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler")
    where.add_argument("--workers", type=int, default=2, help="local worker processes")
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    scenario = detente.Scenario.load(args.scenario)
    options: Dict[str, Any] = {"concept": args.concept}
    if args.vary:
        options["vary"] = args.vary
    if args.weight_noise is not None:
        options["weight_noise"] = args.weight_noise
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        result = sweep_on(client, scenario, args.samples, args.seed, args.shards, **options)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stdout.write(result.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
