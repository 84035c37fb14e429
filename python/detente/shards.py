"""Sweeps in shards, for a cluster: each shard runs anywhere (a Dask worker, a Slurm
job) and :func:`merge` gives back the unsharded sweep exactly, byte for byte.

A shard is the bytes of the library's shard file (``detente sweep --shard K/N
--out-shard F`` writes the same bytes; ``detente merge`` reads them)."""

from __future__ import annotations

import os
from typing import List, Optional, Sequence, Tuple, Union

from . import _native
from .results import SweepResult, _sweep_result
from .scenario import Grid, Scenario, Settings, _grid, _settings

ShardSpec = Union[str, Tuple[int, int]]
"""Shard K of N: ``"2/8"`` or ``(2, 8)``, K from 1."""


def _spec(shard: ShardSpec) -> Tuple[int, int]:
    if isinstance(shard, str):
        k, sep, n = shard.partition("/")
        if not sep:
            raise ValueError(f"shard {shard}: expected K/N")
        return int(k), int(n)
    k, n = shard
    return int(k), int(n)


def sweep_shard(
    scenario: Scenario,
    shard: ShardSpec,
    samples: int,
    seed: int,
    concept: str = "nash",
    *,
    vary: Optional[Grid] = None,
    weight_noise: Optional[float] = None,
    set: Settings = None,
    path: Union[None, str, "os.PathLike[str]"] = None,
    max_nodes: Optional[int] = None,
    max_seconds: Optional[float] = None,
    max_memory: Optional[int] = None,
) -> bytes:
    """Shard ``shard`` (K of N) of the sweep that ``scenario.sweep(samples, seed,
    concept, ...)`` runs whole: the shard file's bytes, also written to ``path`` when
    given (``detente merge`` reads it)."""
    k, n = _spec(shard)
    data = _native.sweep_shard(
        scenario._native,
        k,
        n,
        int(samples),
        int(seed),
        concept,
        _grid(vary),
        None if weight_noise is None else float(weight_noise),
        _settings(set),
        max_nodes,
        max_seconds,
        max_memory,
    )
    if path is not None:
        tmp = os.fspath(path) + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    return data


def merge(
    shards: Sequence[Union[bytes, str, "os.PathLike[str]"]],
    output: str = "auto",
    *,
    max_memory: Optional[int] = None,
) -> SweepResult:
    """Merge shards (bytes from :func:`sweep_shard`, or shard file paths) into the whole
    sweep: the summary ``detente merge --json`` prints and every sample, as
    :meth:`Scenario.sweep` gives them. Raises :class:`detente.ShardError` for shards
    that are damaged or do not make one sweep together."""
    named: List[Tuple[str, bytes]] = []
    for i, shard in enumerate(shards):
        if isinstance(shard, (bytes, bytearray, memoryview)):
            named.append((f"shard #{i + 1}", bytes(shard)))
        else:
            with open(shard, "rb") as f:
                named.append((os.fspath(shard), f.read()))
    text, columns, scenario = _native.merge(named, max_memory)
    return _sweep_result(text, columns, Scenario(scenario).options, output)
