"""sweep_shard and merge: the shard bytes are the command line's shard files, and the
merge is the unsharded sweep, byte for byte; bad merges raise the command line's
messages."""

from __future__ import annotations

import pytest

import detente
from conftest import UKRAINE, failure, rel

U = rel(UKRAINE)


def test_shards_merge_to_the_whole_sweep(cli, tmp_path):
    scenario = detente.Scenario.load(U)
    shards = [detente.sweep_shard(scenario, (k, 3), 1000, 7) for k in (1, 2, 3)]
    merged = detente.merge(shards, output="numpy")
    whole = scenario.sweep(1000, 7, output="numpy")
    assert merged.json == whole.json
    assert merged.json == cli("sweep", U, "--samples", "1000", "--seed", "7", "--json").stdout
    for name, column in whole.samples.items():
        assert (merged.samples[name].tobytes() == column.tobytes()), name


def test_shard_bytes_are_the_cli_shard_files(cli, tmp_path):
    scenario = detente.Scenario.load(U)
    out = tmp_path / "two.shard"
    ran = cli("sweep", U, "--samples", "600", "--seed", "3", "--weight-noise", "40",
              "--shard", "2/3", "--out-shard", str(out))
    assert ran.status == 0, ran.stderr
    mine = detente.sweep_shard(scenario, "2/3", 600, 3, weight_noise=40,
                               path=tmp_path / "mine.shard")
    assert mine == out.read_bytes() == (tmp_path / "mine.shard").read_bytes()


def test_merging_files_and_the_cli_merge_agree(cli, tmp_path):
    scenario = detente.Scenario.load(U)
    paths = []
    for k in (1, 2):
        path = tmp_path / f"s{k}.shard"
        detente.sweep_shard(scenario, (k, 2), 300, 9, "egalitarian", path=path)
        paths.append(str(path))
    merged = detente.merge(paths)
    assert merged.json == cli("merge", *paths, "--json").stdout
    assert merged.json == scenario.sweep(300, 9, "egalitarian").json


def test_a_missing_shard_is_named_as_the_cli_names_it(cli, tmp_path):
    scenario = detente.Scenario.load(U)
    paths = []
    for k in (1, 3):
        path = tmp_path / f"s{k}.shard"
        detente.sweep_shard(scenario, (k, 3), 300, 9, path=path)
        paths.append(str(path))
    with pytest.raises(detente.ShardError) as e:
        detente.merge(paths)
    ran = cli("merge", *paths, "--json")
    assert ran.status == 2 and str(e.value) == failure(ran)
    assert e.value.file == paths[0]
    assert "shard 2/3 is missing" in str(e.value)


def test_shards_of_other_sweeps_and_damaged_bytes_are_refused():
    scenario = detente.Scenario.load(U)
    one = detente.sweep_shard(scenario, (1, 2), 100, 1)
    other_seed = detente.sweep_shard(scenario, (2, 2), 100, 2)
    with pytest.raises(detente.ShardError, match="not the sweep of"):
        detente.merge([one, other_seed])
    damaged = bytearray(one)
    damaged[200] ^= 1
    with pytest.raises(detente.ShardError, match="corrupt"):
        detente.merge([bytes(damaged)])
    with pytest.raises(detente.ShardError, match="no shard files given"):
        detente.merge([])
    with pytest.raises(ValueError):
        detente.sweep_shard(scenario, (3, 2), 100, 1)
