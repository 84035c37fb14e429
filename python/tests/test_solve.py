"""solve, offers, frontier, negotiate, tournament: the command line's JSON, byte for
byte, for the same inputs; closed-form answers on small scenarios."""

from __future__ import annotations

import math

import pytest

import detente
from conftest import LINKED, UKRAINE, rel

TOL = 1e-9

PIE = {
    "name": "pie",
    "issues": [{"id": "x", "range": [0, 1]}],
    "actors": [
        {"id": "a", "weights": {"x": 1}, "values": {"x": {"points": [[0, 0], [1, 1]]}}},
        {"id": "b", "weights": {"x": 1}, "values": {"x": {"points": [[0, 1], [1, 0]]}}},
    ],
}


@pytest.mark.parametrize("concept", ["nash", "kalai", "egalitarian", "utilitarian", "offers"])
def test_solve_prints_what_the_cli_prints(cli, concept):
    scenario = detente.Scenario.load(rel(UKRAINE))
    solution = scenario.solve(concept)
    ran = cli("solve", rel(UKRAINE), "--concept", concept, "--json")
    assert ran.status == 0, ran.stderr
    assert solution.json == ran.stdout
    assert solution.to_dict() == __import__("json").loads(ran.stdout)
    assert solution.concept == concept
    assert list(solution.utilities) == scenario.actors


def test_solve_with_settings_and_first_proposer(cli):
    scenario = detente.Scenario.load(rel(UKRAINE))
    solution = scenario.solve("offers", set={"us_support": 0.2, "kursk_held": 0}, first="ukraine")
    ran = cli(
        "solve", rel(UKRAINE), "--concept", "offers", "--set", "us_support=0.2",
        "--set", "kursk_held=0", "--first", "ukraine", "--json",
    )
    assert solution.json == ran.stdout
    assert solution.first == "ukraine"
    assert solution.leverage["us_support"] == 0.2
    assert scenario.offers(first="ukraine", set={"us_support": 0.2, "kursk_held": 0}) == solution


def test_the_fields_read_the_agreement():
    scenario = detente.Scenario.load(UKRAINE)
    s = scenario.solve()
    assert s.deal and s.reason is None
    assert set(s.agreement) == set(scenario.issues)
    for actor in scenario.actors:
        assert math.isclose(s.gains[actor], s.utilities[actor] - s.disagreement[actor], abs_tol=TOL)
    # The Nash product is the product of the seated actors' gains to their powers.
    seated = [a["id"] for a in scenario.to_dict()["actors"] if a.get("seated", True)]
    assert seated == ["russia", "ukraine", "us"]
    log = sum(s.power[a] * math.log(s.gains[a]) for a in seated)
    assert math.isclose(log, s.log_nash_product, rel_tol=1e-9)


def test_closed_forms_on_a_pie():
    pie = detente.Scenario.from_dict(PIE)
    # Symmetric Nash: the equal split.
    assert abs(pie.solve().agreement["x"] - 0.5) < 1e-6
    # Asymmetric Nash: shares alpha_i / sum(alpha).
    powered = dict(PIE, actors=[dict(PIE["actors"][0], power=3), PIE["actors"][1]])
    assert abs(detente.Scenario.from_dict(powered).solve().agreement["x"] - 0.75) < 1e-6
    # b's outside option of 0.2 comes off the top, the rest is split evenly.
    outside = dict(PIE, actors=[PIE["actors"][0], dict(PIE["actors"][1], disagreement=0.2)])
    assert abs(detente.Scenario.from_dict(outside).solve().agreement["x"] - 0.4) < 1e-6
    # Rubinstein: the first proposer gets (1 - d2) / (1 - d1 d2).
    d1, d2 = 0.9, 0.8
    patient = dict(
        PIE,
        actors=[dict(PIE["actors"][0], patience=d1), dict(PIE["actors"][1], patience=d2)],
    )
    offers = detente.Scenario.from_dict(patient).offers(first="a")
    assert abs(offers.agreement["x"] - (1 - d2) / (1 - d1 * d2)) < 1e-6


def test_no_deal_is_an_answer():
    walled = dict(
        PIE,
        actors=[
            dict(PIE["actors"][0], disagreement=0.7),
            dict(PIE["actors"][1], disagreement=0.7),
        ],
    )
    s = detente.Scenario.from_dict(walled).solve()
    assert not s.deal and s.agreement is None
    assert s.reason == "no individually rational feasible outcome"
    assert s.gains == {"a": 0.0, "b": 0.0}


def test_frontier_prints_what_the_cli_prints(cli):
    scenario = detente.Scenario.load(rel(LINKED))
    frontier = scenario.frontier(resolution=21)
    ran = cli("frontier", rel(LINKED), "--resolution", "21", "--json")
    assert frontier.json == ran.stdout
    assert frontier.resolution == 21
    u = frontier.utilities()
    assert u.shape == (len(frontier), len(scenario.actors))
    # Mutually undominated, as a Pareto frontier is.
    for i in range(len(u)):
        dominated = ((u >= u[i] - 1e-12).all(axis=1) & (u > u[i] + 1e-12).any(axis=1)).any()
        assert not dominated


def test_frontier_of_the_pie_is_the_line_u_a_plus_u_b_is_1():
    frontier = detente.Scenario.from_dict(PIE).frontier(resolution=11)
    assert len(frontier) == 11
    for p in frontier.points:
        assert abs(p.utilities["a"] + p.utilities["b"] - 1) < TOL


def test_negotiate_prints_what_the_cli_prints(cli):
    scenario = detente.Scenario.load(rel(UKRAINE))
    run = scenario.negotiate(
        {"russia": "boulware", "ukraine": "hardliner"}, deadline=60, first="us", trace=True
    )
    ran = cli(
        "negotiate", rel(UKRAINE), "--agents", "russia=boulware,ukraine=hardliner",
        "--deadline", "60", "--first", "us", "--trace", "--json",
    )
    assert run.json == ran.stdout
    assert run.agents["russia"] == "boulware" and run.first == "us"
    assert run.trace and run.trace[0]["actor"] == "us"
    assert scenario.negotiate("russia=boulware,ukraine=hardliner", deadline=60, first="us").agreement == run.agreement


def test_tournament_prints_what_the_cli_prints(cli):
    ukraine = detente.Scenario.load(rel(UKRAINE))
    linked = detente.Scenario.load(rel(LINKED))
    result = detente.tournament([ukraine, linked], ["boulware", "linear"], deadline=50)
    ran = cli(
        "tournament", rel(UKRAINE), rel(LINKED), "--strategies", "boulware,linear",
        "--deadline", "50", "--json",
    )
    assert result.json == ran.stdout
    assert set(result.by_strategy) == {"boulware", "linear"}
    # Per scenario: every assignment of 2 strategies to the seated actors, every first mover.
    seated_ukraine = 3  # russia, ukraine, us (the EU is consulted, not seated)
    assert len([r for r in result.runs if r["file"] == rel(UKRAINE)]) == 2**seated_ukraine * seated_ukraine
    assert ukraine.tournament("boulware,linear", deadline=50).strategies == ["boulware", "linear"]


def test_scenarios_round_trip_through_dicts_and_pickles():
    import pickle

    scenario = detente.Scenario.load(UKRAINE)
    again = detente.Scenario.from_dict(scenario.to_dict(), name="again")
    assert again.source == "again"
    assert again.solve().agreement == scenario.solve().agreement
    unpickled = pickle.loads(pickle.dumps(scenario))
    assert unpickled.source == scenario.source
    assert unpickled.solve().json == scenario.solve().json
    assert scenario.issues[0] == "oblasts" and scenario.options["army_cap"] is None
    assert "us_support" in scenario.leverage
    toml = 'name = "pie"\n[[issues]]\nid = "x"\nrange = [0, 1]\n' + "".join(
        f'[[actors]]\nid = "{a}"\nweights = {{ x = 1 }}\nvalues = {{ x = {{ points = [[0, {lo}], [1, {hi}]] }} }}\n'
        for a, lo, hi in (("a", 0, 1), ("b", 1, 0))
    )
    assert abs(detente.Scenario.from_toml(toml).solve().agreement["x"] - 0.5) < 1e-6
    assert detente.Scenario.from_json(scenario.to_json()).name == "ukraine_2025"


def test_the_benchmark_reference_times_the_library_alone():
    scenario = detente.Scenario.load(UKRAINE)
    seconds = detente._native.rust_solve_seconds(scenario._native, "nash", 3)
    assert 0 < seconds < 5
    with pytest.raises(detente.InputError):
        detente._native.rust_solve_seconds(scenario._native, "nsh", 1)


def test_the_work_of_the_last_solve_is_timed_apart_from_the_binding():
    import time

    scenario = detente.Scenario.load(UKRAINE)
    start = time.perf_counter()
    scenario.solve()
    whole = time.perf_counter() - start
    work = detente._native.last_work_seconds()
    assert 0 < work < whole


def test_settings_grids_and_scenarios_in_the_forms_a_newcomer_may_try(cli):
    scenario = detente.Scenario.load(rel(UKRAINE))
    want = scenario.solve(set={"us_support": 0.2})
    assert scenario.solve(set=["us_support=0.2"]) == want
    assert scenario.solve(set=[("us_support", 0.2)]) == want
    grid = scenario.sweep(20, 1, vary="us_support=0:1:3", output="numpy").json
    assert scenario.sweep(20, 1, vary={"us_support": (0, 1, 3)}, output="numpy").json == grid
    assert scenario.sweep(20, 1, vary=("us_support", 0, 1, 3), output="numpy").json == grid
    one = detente.tournament(rel(UKRAINE), "boulware", deadline=20)
    assert one.json == detente.tournament([scenario], ["boulware"], deadline=20).json
    frontier = detente.Scenario.from_dict(PIE).frontier(resolution=3)
    assert [p.utilities["a"] for p in frontier] == [frontier[i].utilities["a"] for i in range(3)]
    with pytest.raises(ValueError):
        scenario.solve(set=["us_support"])
