"""sweep: the summary is the command line's ``--json`` byte for byte; every sample's
numpy and pandas columns equal the rows of ``detente sweep --out F.csv``, and the
summary's statistics recomputed from the arrays match it."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

import detente
from conftest import UKRAINE, rel

U = rel(UKRAINE)


def cli_sweep(cli, tmp_path, *flags):
    out = tmp_path / "samples.csv"
    ran = cli("sweep", U, *flags, "--json", "--out", str(out))
    assert ran.status == 0, ran.stderr
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    return ran.stdout, rows


def assert_columns_equal_csv(result, rows, scenario):
    columns = result.columns()
    assert list(columns) == list(rows[0].keys())
    n = len(rows)
    for name, column in columns.items():
        assert len(column) == n
        text = [r[name] for r in rows]
        labels = scenario.options.get(name)
        if name == "sample":
            assert column.dtype == np.uint64
            assert column.tolist() == [int(t) for t in text]
        elif name == "deal":
            assert column.dtype == np.bool_
            assert column.tolist() == [t == "true" for t in text]
        elif labels is not None:
            assert column.dtype == np.int32
            got = [labels[c] if c >= 0 else "" for c in column.tolist()]
            assert got == text
        else:
            # Shortest round-trip text: float(text) is the very number.
            want = np.array([float(t) if t else np.nan for t in text])
            assert np.array_equal(column, want, equal_nan=True), name


def test_summary_and_samples_equal_the_cli(cli, tmp_path):
    scenario = detente.Scenario.load(U)
    result = scenario.sweep(3000, 7, output="numpy")
    stdout, rows = cli_sweep(cli, tmp_path, "--samples", "3000", "--seed", "7")
    assert result.json == stdout
    assert result.summary == json.loads(stdout)
    assert isinstance(result.samples, dict)
    assert_columns_equal_csv(result, rows, scenario)


def test_the_summary_is_what_the_arrays_say():
    scenario = detente.Scenario.load(U)
    result = scenario.sweep(2000, 3, output="numpy")
    c = result.samples
    deal = c["deal"]
    assert result.summary["deal_probability"] == pytest.approx(deal.mean(), abs=1e-12)
    # Continuous issues: the mean over the deals.
    army = c["army_cap"][deal]
    assert result.summary["issues"]["army_cap"]["mean"] == pytest.approx(army.mean(), rel=1e-9)
    # Discrete issues: each option's share of the deals.
    shares = result.summary["issues"]["nato"]["shares"]
    for k, label in enumerate(scenario.options["nato"]):
        assert shares[label] == pytest.approx((c["nato"][deal] == k).mean(), abs=1e-12)
    # Without a deal the gains are 0, the utilities the disagreement values.
    assert (c["gain.us"][~deal] == 0).all()
    assert np.isnan(c["army_cap"][~deal]).all() and (c["nato"][~deal] == -1).all()


def test_pandas_frame_holds_labels(cli, tmp_path):
    scenario = detente.Scenario.load(U)
    result = scenario.sweep(500, 11, output="pandas")
    frame = result.samples
    assert isinstance(frame, pd.DataFrame)
    _, rows = cli_sweep(cli, tmp_path, "--samples", "500", "--seed", "11")
    assert list(frame.columns) == list(rows[0].keys())
    assert [("" if pd.isna(v) else v) for v in frame["oblasts"]] == [r["oblasts"] for r in rows]
    assert_columns_equal_csv(result, rows, scenario)
    np.testing.assert_array_equal(result.labels("nato")[frame["deal"].to_numpy()],
                                  frame["nato"][frame["deal"]].astype(str).to_numpy())
    # "auto" is pandas when pandas is installed.
    assert isinstance(scenario.sweep(10, 1).samples, pd.DataFrame)


def test_vary_weight_noise_and_settings_equal_the_cli(cli, tmp_path):
    scenario = detente.Scenario.load(U)
    result = scenario.sweep(
        40, 5, "kalai", vary=("us_support", 0.0, 1.0, 5), weight_noise=50.0,
        set={"kursk_held": 1.0}, output="numpy",
    )
    stdout, rows = cli_sweep(
        cli, tmp_path, "--samples", "40", "--seed", "5", "--concept", "kalai",
        "--vary", "us_support=0:1:5", "--weight-noise", "50", "--set", "kursk_held=1",
    )
    assert result.json == stdout
    assert_columns_equal_csv(result, rows, scenario)
    assert sorted(set(result.samples["grid_value"].tolist())) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert (result.samples["kursk_held"] == 1.0).all()
    assert scenario.sweep(40, 5, "kalai", vary="us_support=0:1:5", weight_noise=50,
                          set={"kursk_held": 1}).json == stdout


def test_output_must_be_a_known_form():
    scenario = detente.Scenario.load(U)
    with pytest.raises(ValueError):
        scenario.sweep(10, 1, output="arrow")
    with pytest.raises(ValueError):
        scenario.sweep(10, 1, vary="us_support")


def test_columns_are_numpy_owned_buffers_not_copies():
    result = detente.Scenario.load(U).sweep(100, 1, output="numpy")
    for column in result.samples.values():
        # numpy wraps the Rust vector: it does not own the data, a base object does.
        assert column.base is not None and not column.flags.owndata
        assert column.flags.c_contiguous
