"""``Scenario``: a validated scenario and everything detente computes on it."""

from __future__ import annotations

import json as _json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from .results import (
    Frontier,
    NegotiationRun,
    Solution,
    SweepResult,
    TournamentResult,
    _build,
    _sweep_result,
)

Settings = Union[None, Mapping[str, float], Sequence[Union[str, Tuple[str, float]]]]
"""Leverage variables pinned to values: ``{"us_support": 0.2}``, or pairs, or the
command line's ``"us_support=0.2"`` strings (``--set``)."""

Grid = Union[str, Tuple[str, float, float, int], Mapping[str, Tuple[float, float, int]]]
"""A grid for ``vary``: ``"us_support=0:1:11"``, ``("us_support", 0.0, 1.0, 11)`` or
``{"us_support": (0.0, 1.0, 11)}``."""


def _settings(settings: Settings) -> List[Tuple[str, float]]:
    if settings is None:
        return []
    if isinstance(settings, Mapping):
        return [(str(k), float(v)) for k, v in settings.items()]
    pairs = []
    for entry in settings:
        if isinstance(entry, str):
            ident, sep, value = entry.partition("=")
            if not sep:
                raise ValueError(f"set {entry}: expected ID=VALUE")
            pairs.append((ident.strip(), float(value)))
        else:
            ident, value = entry
            pairs.append((str(ident), float(value)))
    return pairs


def _grid(vary: Optional[Grid]) -> Optional[str]:
    if vary is None or isinstance(vary, str):
        return vary
    if isinstance(vary, Mapping):
        if len(vary) != 1:
            raise ValueError(f"vary: one leverage variable, got {len(vary)}")
        ((ident, (lo, hi, steps)),) = vary.items()
    else:
        ident, lo, hi, steps = vary
    # repr of a float is its shortest round-trip form: Rust reads back the same number.
    return f"{ident}={float(lo)!r}:{float(hi)!r}:{int(steps)}"


def _json_default(value: Any) -> Any:
    # numpy scalars and arrays in a scenario built in a notebook.
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


class Scenario:
    """A validated scenario (CONTRACT §1): issues, actors, leverage. Immutable.

    Build one with :meth:`load`, :meth:`from_dict`, :meth:`from_json` or
    :meth:`from_toml`. Every long call releases the GIL and stops on Ctrl-C
    (``KeyboardInterrupt``); ``max_nodes``, ``max_seconds`` and ``max_memory`` (MiB)
    bound it as the command line's flags do (``BudgetExceeded``).
    """

    __slots__ = ("_native",)

    def __init__(self, native: "_native.Scenario") -> None:
        self._native = native

    # -- building ---------------------------------------------------------------

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Scenario":
        """Read a JSON file (TOML when the name ends in ``.toml``); errors name ``path``."""
        return cls(_native.Scenario.load(os.fspath(path)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str = "<dict>") -> "Scenario":
        """A scenario from plain dicts and lists in the file format; errors name ``name``."""
        text = _json.dumps(data, default=_json_default, allow_nan=False)
        return cls(_native.Scenario.from_json(text, name))

    @classmethod
    def from_json(cls, text: str, name: str = "<string>") -> "Scenario":
        """A scenario from JSON text; errors name ``name``."""
        return cls(_native.Scenario.from_json(text, name))

    @classmethod
    def from_toml(cls, text: str, name: str = "<string>") -> "Scenario":
        """A scenario from TOML text; errors name ``name``."""
        return cls(_native.Scenario.from_toml(text, name))

    # -- what it holds ----------------------------------------------------------

    @property
    def name(self) -> str:
        """The scenario's ``name``."""
        return self._native.name

    @property
    def source(self) -> str:
        """The file (or name) it was read from, as errors name it."""
        return self._native.source

    @property
    def issues(self) -> List[str]:
        """Issue ids in file order."""
        return self._native.issues

    @property
    def actors(self) -> List[str]:
        """Actor ids in file order."""
        return self._native.actors

    @property
    def leverage(self) -> List[str]:
        """Leverage variable ids in file order."""
        return self._native.leverage

    @property
    def options(self) -> Dict[str, Optional[List[str]]]:
        """Each issue's option labels; ``None`` for a continuous issue."""
        return dict(zip(self._native.issues, self._native.options))

    def to_json(self) -> str:
        """The canonical JSON text of the scenario."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The scenario in the file format, as plain dicts and lists."""
        return _json.loads(self._native.to_json())

    def __reduce__(self) -> Any:
        # Pickles (for Dask and multiprocessing) as its canonical text and source name.
        return (_restore, (self._native.to_json(), self._native.source))

    def __repr__(self) -> str:
        return f"Scenario({self.name!r}, source={self.source!r})"

    # -- solving ----------------------------------------------------------------

    def solve(
        self,
        concept: str = "nash",
        set: Settings = None,
        first: Optional[str] = None,
        *,
        max_nodes: Optional[int] = None,
        max_seconds: Optional[float] = None,
        max_memory: Optional[int] = None,
    ) -> Solution:
        """The agreement of ``concept`` (``nash``, ``kalai``, ``egalitarian``,
        ``utilitarian`` or ``offers``) with leverage pinned by ``set``; ``first`` is the
        first proposer of ``offers`` (``detente solve --json``)."""
        output = self._native.solve(
            concept, _settings(set), first, max_nodes, max_seconds, max_memory
        )
        return _build(Solution, output)

    def offers(
        self,
        first: Optional[str] = None,
        set: Settings = None,
        *,
        max_nodes: Optional[int] = None,
        max_seconds: Optional[float] = None,
        max_memory: Optional[int] = None,
    ) -> Solution:
        """The alternating-offers (Rubinstein) agreement, ``first`` proposing first."""
        return self.solve(
            "offers",
            set,
            first,
            max_nodes=max_nodes,
            max_seconds=max_seconds,
            max_memory=max_memory,
        )

    def frontier(
        self,
        resolution: int = 101,
        set: Settings = None,
        *,
        max_nodes: Optional[int] = None,
        max_seconds: Optional[float] = None,
        max_memory: Optional[int] = None,
    ) -> Frontier:
        """The Pareto frontier, continuous issues traced on ``resolution`` values
        (``detente frontier --json``)."""
        output = self._native.frontier(
            int(resolution), _settings(set), max_nodes, max_seconds, max_memory
        )
        return Frontier._from_output(output)

    def sweep(
        self,
        samples: int = 1000,
        seed: int = 0,
        concept: str = "nash",
        *,
        vary: Optional[Grid] = None,
        weight_noise: Optional[float] = None,
        set: Settings = None,
        output: str = "auto",
        max_nodes: Optional[int] = None,
        max_seconds: Optional[float] = None,
        max_memory: Optional[int] = None,
    ) -> SweepResult:
        """A Monte Carlo leverage sweep (``detente sweep --json``): ``samples`` draws
        (per grid value with ``vary``), reproducible from ``seed`` on any thread count.

        ``output`` chooses the samples' form: ``"numpy"`` (a dict of arrays),
        ``"pandas"`` (a DataFrame), or ``"auto"`` (pandas when it is installed).
        """
        text, columns = self._native.sweep(
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
        return _sweep_result(text, columns, self.options, output)

    def negotiate(
        self,
        agents: Union[None, str, Mapping[str, str]] = None,
        *,
        deadline: int = 100,
        resolution: int = 11,
        set: Settings = None,
        first: Optional[str] = None,
        trace: bool = False,
        max_nodes: Optional[int] = None,
        max_seconds: Optional[float] = None,
        max_memory: Optional[int] = None,
    ) -> NegotiationRun:
        """Agents negotiating under stacked alternating offers until ``deadline``
        steps (``detente negotiate --json``). ``agents`` maps seated actors to
        strategies (``{"russia": "boulware"}``; ``linear`` for those not named)."""
        output = self._native.negotiate(
            _agents(agents),
            int(deadline),
            int(resolution),
            _settings(set),
            first,
            bool(trace),
            max_nodes,
            max_seconds,
            max_memory,
        )
        return _build(NegotiationRun, output)

    def tournament(
        self,
        strategies: Union[str, Sequence[str]],
        *,
        deadline: int = 100,
        resolution: int = 11,
        max_nodes: Optional[int] = None,
        max_seconds: Optional[float] = None,
        max_memory: Optional[int] = None,
    ) -> TournamentResult:
        """:func:`detente.tournament` on this scenario alone."""
        return tournament(
            [self],
            strategies,
            deadline=deadline,
            resolution=resolution,
            max_nodes=max_nodes,
            max_seconds=max_seconds,
            max_memory=max_memory,
        )


def _agents(agents: Union[None, str, Mapping[str, str]]) -> List[Tuple[str, str]]:
    if agents is None:
        return []
    if isinstance(agents, str):
        pairs = []
        for entry in agents.split(","):
            ident, sep, strategy = entry.partition("=")
            if not sep:
                raise ValueError(f"agents {entry}: expected ID=STRATEGY")
            pairs.append((ident.strip(), strategy.strip()))
        return pairs
    return [(str(k), str(v)) for k, v in agents.items()]


def _restore(text: str, source: str) -> Scenario:
    return Scenario(_native.Scenario.from_json(text, source))


def tournament(
    scenarios: Union[Scenario, str, "os.PathLike[str]", Sequence[Union[Scenario, str, "os.PathLike[str]"]]],
    strategies: Union[str, Sequence[str]],
    *,
    deadline: int = 100,
    resolution: int = 11,
    max_nodes: Optional[int] = None,
    max_seconds: Optional[float] = None,
    max_memory: Optional[int] = None,
) -> TournamentResult:
    """Every assignment of ``strategies`` to each scenario's seated actors, every first
    mover, in parallel (``detente tournament --json``). ``scenarios`` may be one
    scenario or several, each a :class:`Scenario` or a file path."""
    if isinstance(scenarios, (Scenario, str, os.PathLike)):
        scenarios = [scenarios]
    scenarios = [s if isinstance(s, Scenario) else Scenario.load(s) for s in scenarios]
    names = strategies.split(",") if isinstance(strategies, str) else list(strategies)
    output = _native.tournament(
        [s._native for s in scenarios],
        [n.strip() for n in names],
        int(deadline),
        int(resolution),
        max_nodes,
        max_seconds,
        max_memory,
    )
    return _build(TournamentResult, output)
