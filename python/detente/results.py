"""What detente's calls return: frozen dataclasses whose fields are the keys of the
JSON the command line prints with ``--json`` (``json`` holds that very text)."""

from __future__ import annotations

import json as _json
from dataclasses import dataclass, field, fields
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

Value = Union[str, float]
"""An issue's agreed value: an option's label, or a number on a continuous issue."""


_FIELDS: Dict[Any, frozenset] = {}


def _build(cls: Any, output: Tuple[str, Dict[str, Any]]) -> Any:
    """``cls`` from the native call's ``(text, value)``: the ``--json`` text and the
    same object, built in Rust (keys a newer engine adds and this class does not know
    stay in ``json``)."""
    text, data = output
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = frozenset(f.name for f in fields(cls))
    if known.issuperset(data):
        return cls(json=text, **data)
    return cls(json=text, **{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Solution:
    """A solution concept's answer (``Scenario.solve``, ``Scenario.offers``).

    ``agreement`` maps each issue to its value (``None`` without a deal, ``reason`` then
    says why); ``utilities`` and ``gains`` (u_i - d_i) map each actor; ``disagreement``,
    ``power`` and ``leverage`` are the values used. The alternating-offers fields
    (``first`` ... ``step``) are set only for ``concept == "offers"``.
    """

    scenario: str
    concept: str
    agreement: Optional[Dict[str, Value]]
    utilities: Dict[str, float]
    gains: Dict[str, float]
    nash_product: Optional[float]
    disagreement: Dict[str, float]
    power: Dict[str, float]
    leverage: Dict[str, float]
    log_nash_product: Optional[float] = None
    reason: Optional[str] = None
    first: Optional[str] = None
    patience: Optional[Dict[str, float]] = None
    proposals: Optional[List[Dict[str, Any]]] = None
    continuation: Optional[Dict[str, float]] = None
    iterations: Optional[int] = None
    step: Optional[float] = None
    json: str = field(default="", repr=False, compare=False)

    @property
    def deal(self) -> bool:
        """Whether there is an agreement."""
        return self.agreement is not None

    def to_dict(self) -> Dict[str, Any]:
        """The command line's JSON object, as a dict."""
        return _json.loads(self.json)


@dataclass(frozen=True)
class FrontierPoint:
    """One Pareto-optimal outcome and every actor's utility there."""

    agreement: Dict[str, Value]
    utilities: Dict[str, float]


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier (``Scenario.frontier``); ``resolution`` is set when a
    continuous issue was traced on that many values."""

    scenario: str
    points: List[FrontierPoint]
    resolution: Optional[int] = None
    json: str = field(default="", repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[FrontierPoint]:
        return iter(self.points)

    def __getitem__(self, i: int) -> FrontierPoint:
        return self.points[i]

    def utilities(self) -> np.ndarray:
        """Utilities as a (points, actors) array, actors in file order."""
        return np.array([list(p.utilities.values()) for p in self.points], dtype=float)

    def to_dict(self) -> Dict[str, Any]:
        """The command line's JSON object, as a dict."""
        return _json.loads(self.json)

    @classmethod
    def _from_output(cls, output: Tuple[str, Dict[str, Any]]) -> "Frontier":
        text, data = output
        points = [FrontierPoint(**p) for p in data["points"]]
        return cls(
            scenario=data["scenario"],
            points=points,
            resolution=data.get("resolution"),
            json=text,
        )


@dataclass(frozen=True)
class NegotiationRun:
    """One negotiation of agents (``Scenario.negotiate``): who played what, the
    agreement (``None`` without a deal) and ``step`` it was accepted at, the outcome's
    distance to the exact Nash agreement and to the Pareto frontier, welfare, and the
    ``trace`` of moves when asked for."""

    scenario: str
    protocol: str
    deadline: int
    first: str
    agents: Dict[str, str]
    agreement: Optional[Dict[str, Value]]
    step: Optional[int]
    utilities: Dict[str, float]
    gains: Dict[str, float]
    nash_distance: Optional[float]
    pareto_distance: Optional[float]
    welfare: Optional[float]
    trace: Optional[List[Dict[str, Any]]] = None
    json: str = field(default="", repr=False, compare=False)

    @property
    def deal(self) -> bool:
        """Whether the agents agreed."""
        return self.agreement is not None

    def to_dict(self) -> Dict[str, Any]:
        """The command line's JSON object, as a dict."""
        return _json.loads(self.json)


@dataclass(frozen=True)
class TournamentResult:
    """Every assignment of strategies to the seated actors, every first mover
    (``detente.tournament``): the ``runs`` and ``by_strategy`` means."""

    strategies: List[str]
    deadline: int
    resolution: int
    runs: List[Dict[str, Any]]
    by_strategy: Dict[str, Dict[str, Any]]
    json: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> Dict[str, Any]:
        """The command line's JSON object, as a dict."""
        return _json.loads(self.json)


Samples = Union[Dict[str, np.ndarray], "Any"]
"""A dict of numpy columns, or a pandas DataFrame."""


@dataclass(frozen=True)
class SweepResult:
    """A Monte Carlo leverage sweep (``Scenario.sweep``, ``detente.merge``).

    ``summary`` is the object ``detente sweep --json`` prints (``json`` is its text,
    byte for byte). ``samples`` holds one row per sample, with the columns
    ``detente sweep --out`` writes: ``sample``, ``grid_value`` (with ``vary``), each
    leverage variable, each issue, ``utility.ID`` and ``gain.ID`` per actor, ``deal``.
    As numpy columns (a dict), a discrete issue's column holds option indices
    (``options[issue]`` has the labels; -1 without a deal); as a pandas DataFrame it is
    a Categorical of the labels. A continuous issue is NaN without a deal.
    """

    summary: Dict[str, Any]
    samples: Samples
    options: Dict[str, Optional[List[str]]]
    json: str = field(default="", repr=False, compare=False)

    def columns(self) -> Dict[str, np.ndarray]:
        """The samples as numpy columns (discrete issues as option indices)."""
        if isinstance(self.samples, dict):
            return self.samples
        return _columns_of_frame(self.samples, self.options)

    def to_pandas(self) -> Any:
        """The samples as a pandas DataFrame (needs pandas)."""
        if isinstance(self.samples, dict):
            return _frame(self.samples, self.options)
        return self.samples

    def labels(self, issue: str) -> np.ndarray:
        """A discrete issue's agreed option labels per sample (``None`` without a deal),
        or a continuous issue's values."""
        column = self.columns()[issue]
        labels = self.options.get(issue)
        if labels is None:
            return column
        table = np.array(list(labels) + [None], dtype=object)
        return table[np.where(column < 0, len(labels), column)]


def _frame(columns: Mapping[str, np.ndarray], options: Mapping[str, Optional[Sequence[str]]]) -> Any:
    import pandas as pd

    data: Dict[str, Any] = {}
    for name, column in columns.items():
        labels = options.get(name)
        if labels is not None:
            data[name] = pd.Categorical.from_codes(column, categories=list(labels))
        else:
            data[name] = column
    # copy=False: the DataFrame keeps numpy's buffers where pandas allows it.
    return pd.DataFrame(data, copy=False)


def _columns_of_frame(frame: Any, options: Mapping[str, Optional[Sequence[str]]]) -> Dict[str, np.ndarray]:
    out: Dict[str, np.ndarray] = {}
    for name in frame.columns:
        if options.get(name) is not None:
            out[name] = frame[name].cat.codes.to_numpy().astype(np.int32)
        else:
            out[name] = frame[name].to_numpy()
    return out


def _pandas_available() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def _sweep_result(
    text: str,
    columns: Sequence[Any],
    options: Mapping[str, Optional[Sequence[str]]],
    output: str,
) -> SweepResult:
    if output not in ("auto", "numpy", "pandas"):
        raise ValueError(f"output must be 'auto', 'numpy' or 'pandas', got {output!r}")
    named = dict(columns)
    issue_options = {k: (list(v) if v is not None else None) for k, v in options.items()}
    if output == "pandas" or (output == "auto" and _pandas_available()):
        samples: Any = _frame(named, issue_options)
    else:
        samples = named
    return SweepResult(
        summary=_json.loads(text), samples=samples, options=issue_options, json=text
    )
