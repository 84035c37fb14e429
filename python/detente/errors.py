"""The exceptions detente raises.

Every message is the line the ``detente`` command line prints after ``detente: `` for
the same input: a run-time input is named by the flag that gives it on the command line
(``--set us_support``, ``--samples``), so the package and the command line document
each other.
"""

from __future__ import annotations

from typing import Optional


class DetenteError(Exception):
    """Base class of every error detente raises; ``str(e)`` is the message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self):  # type: ignore[override]
        # Keep the fields through pickling (errors raised on Dask workers travel so).
        return (self.__class__, (self.message,), dict(self.__dict__))


class ScenarioError(DetenteError, ValueError):
    """A scenario could not be read, parsed or accepted (CONTRACT §1).

    ``file`` is the path (or the name given to ``from_dict``), ``field`` the place in the
    file in the contract's notation (``actors[1].weights.nato``) when it is known,
    ``line`` and ``column`` (1-based) for a parse error that has them.
    """

    def __init__(
        self,
        message: str,
        file: Optional[str] = None,
        field: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.field = field
        self.line = line
        self.column = column


class InputError(DetenteError, ValueError):
    """A run-time input (a setting, a concept, a sample count, a limit, a strategy)
    does not fit the scenario or its rules. ``input`` names it as the command line's
    flag does (``--set us_support``); ``file`` is the scenario's."""

    def __init__(self, message: str, file: Optional[str] = None, input: str = "") -> None:
        super().__init__(message)
        self.file = file
        self.input = input


class BudgetExceeded(DetenteError, RuntimeError):
    """A search, sweep, negotiation or tournament stopped by its ``max_nodes``,
    ``max_seconds`` or ``max_memory`` before its answer was exact (the command line
    exits 3). ``nodes`` (when counted) and ``seconds`` say how far it got."""

    def __init__(
        self, message: str, nodes: Optional[int] = None, seconds: Optional[float] = None
    ) -> None:
        super().__init__(message)
        self.nodes = nodes
        self.seconds = seconds


class OffersError(DetenteError, RuntimeError):
    """The alternating-offers game has no stationary agreement (a cycle, a stall, or no
    acceptable offer)."""


class ShardError(DetenteError, ValueError):
    """A shard that is damaged, or that does not make one sweep with the others
    (another scenario, seed or option; repeated, overlapping or missing shards).
    ``file`` is the shard's name."""

    def __init__(self, message: str, file: Optional[str] = None) -> None:
        super().__init__(message)
        self.file = file


__all__ = [
    "DetenteError",
    "ScenarioError",
    "InputError",
    "BudgetExceeded",
    "OffersError",
    "ShardError",
]
