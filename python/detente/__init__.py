"""detente: game-theoretic bargaining, exact and parallel.

Nash (symmetric and asymmetric), Kalai-Smorodinsky, egalitarian, utilitarian and
alternating-offers agreements, the Pareto frontier, Monte Carlo leverage sweeps
(numpy or pandas), negotiating agents and tournaments, and sweeps split into shards
for a cluster. The engine is the ``detente`` Rust crate; answers and error messages
are those of its command line.

>>> import detente
>>> s = detente.Scenario.from_dict({
...     "name": "pie", "issues": [{"id": "x", "range": [0, 1]}],
...     "actors": [
...         {"id": "a", "weights": {"x": 1}, "values": {"x": {"points": [[0, 0], [1, 1]]}}},
...         {"id": "b", "weights": {"x": 1}, "values": {"x": {"points": [[0, 1], [1, 0]]}}}]})
>>> round(s.solve().agreement["x"], 9)
0.5
"""

from ._native import __version__
from .errors import (
    BudgetExceeded,
    DetenteError,
    InputError,
    OffersError,
    ScenarioError,
    ShardError,
)
from .results import (
    Frontier,
    FrontierPoint,
    NegotiationRun,
    Solution,
    SweepResult,
    TournamentResult,
)
from .scenario import Scenario, tournament
from .shards import merge, sweep_shard

__all__ = [
    "__version__",
    "Scenario",
    "tournament",
    "sweep_shard",
    "merge",
    "Solution",
    "Frontier",
    "FrontierPoint",
    "SweepResult",
    "NegotiationRun",
    "TournamentResult",
    "DetenteError",
    "ScenarioError",
    "InputError",
    "BudgetExceeded",
    "OffersError",
    "ShardError",
]
