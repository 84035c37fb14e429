"""Errors: the exception class, its fields, and the message the command line prints
for the same input (after ``detente: ``), with the command line's exit status."""

from __future__ import annotations

import json
import pickle

import pytest

import detente
from conftest import UKRAINE, failure, rel

U = rel(UKRAINE)


def check(exc_info, ran, status=2):
    assert ran.status == status, ran
    assert str(exc_info.value) == failure(ran)
    assert exc_info.value.message == failure(ran)


def test_a_missing_file(cli):
    with pytest.raises(detente.ScenarioError) as e:
        detente.Scenario.load("examples/data/no_such.json")
    check(e, cli("solve", "examples/data/no_such.json"))
    assert e.value.file == "examples/data/no_such.json" and e.value.field is None
    assert isinstance(e.value, ValueError)


def test_an_invalid_field_names_file_and_field(cli, tmp_path):
    data = json.load(open(UKRAINE))
    data["actors"][1]["weights"]["nato"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(detente.ScenarioError) as e:
        detente.Scenario.load(str(path))
    check(e, cli("solve", str(path)))
    assert e.value.file == str(path)
    assert e.value.field == "actors[1].weights.nato"
    # The same rule from a dict names the dict.
    with pytest.raises(detente.ScenarioError) as d:
        detente.Scenario.from_dict(data, name="notebook")
    assert d.value.file == "notebook" and d.value.field == "actors[1].weights.nato"
    assert str(d.value) == str(e.value).replace(str(path), "notebook", 1)


def test_a_parse_error_has_line_and_column(cli, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x",\n  "issues": [}\n')
    with pytest.raises(detente.ScenarioError) as e:
        detente.Scenario.load(str(path))
    check(e, cli("check", str(path)))
    assert e.value.line == 2 and e.value.column is not None


@pytest.mark.parametrize(
    "call, args",
    [
        (lambda s: s.solve(set={"us_suport": 1.0}), ["solve", U, "--set", "us_suport=1"]),
        (lambda s: s.solve("nsh"), ["solve", U, "--concept", "nsh"]),
        (lambda s: s.solve(first="france", concept="offers"), ["solve", U, "--concept", "offers", "--first", "france"]),
        (lambda s: s.solve(max_seconds=0.0), ["solve", U, "--max-seconds", "0"]),
        (lambda s: s.sweep(0, 1), ["sweep", U, "--samples", "0", "--seed", "1"]),
        (lambda s: s.sweep(10, 1, weight_noise=-1.0), ["sweep", U, "--samples", "10", "--seed", "1", "--weight-noise", "-1"]),
        (lambda s: s.sweep(10, 1, vary="nope=0:1:3"), ["sweep", U, "--samples", "10", "--seed", "1", "--vary", "nope=0:1:3"]),
        (lambda s: s.negotiate({"france": "boulware"}), ["negotiate", U, "--agents", "france=boulware"]),
        (lambda s: s.negotiate(deadline=0), ["negotiate", U, "--deadline", "0"]),
        (lambda s: s.tournament(["boulware", "nope"]), ["tournament", U, "--strategies", "boulware,nope"]),
    ],
)
def test_bad_inputs_raise_input_errors_with_the_cli_message(cli, call, args):
    scenario = detente.Scenario.load(U)
    with pytest.raises(detente.InputError) as e:
        call(scenario)
    check(e, cli(*args))
    assert e.value.file == U
    assert str(e.value).startswith(f"{U}: {e.value.input}: ")


def test_a_search_stopped_by_its_budget(cli):
    scenario = detente.Scenario.load(U)
    with pytest.raises(detente.BudgetExceeded) as e:
        scenario.solve(max_nodes=10)
    check(e, cli("solve", U, "--max-nodes", "10"), status=3)
    assert e.value.nodes is not None and e.value.nodes <= 10


def test_a_sweep_stopped_by_its_budget():
    scenario = detente.Scenario.load(U)
    with pytest.raises(detente.BudgetExceeded) as e:
        scenario.sweep(1000, 1, max_nodes=50)
    assert str(e.value).startswith("sweep stopped by its budget after ")
    assert isinstance(e.value, RuntimeError)


def test_errors_keep_their_fields_through_pickling():
    with pytest.raises(detente.ScenarioError) as e:
        detente.Scenario.from_dict({"name": "x", "issues": [], "actors": []})
    again = pickle.loads(pickle.dumps(e.value))
    assert (again.file, again.field, str(again)) == ("<dict>", "issues", str(e.value))


def test_a_scenario_dict_that_is_not_json_is_a_type_error():
    with pytest.raises(TypeError):
        detente.Scenario.from_dict({"name": object()})
