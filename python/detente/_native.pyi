# Type stubs of the Rust extension detente._native (python/src/). The public API is
# the pure-Python package around it; these stubs let editors and type checkers see
# through it.
from typing import Any, Dict, List, Optional, Sequence, Tuple

__version__: str

_Columns = List[Tuple[str, Any]]
# An output: the text `--json` prints, and the same object as dicts and lists.
_Output = Tuple[str, Dict[str, Any]]

class Scenario:
    @staticmethod
    def load(path: str) -> Scenario: ...
    @staticmethod
    def from_json(text: str, source: str) -> Scenario: ...
    @staticmethod
    def from_toml(text: str, source: str) -> Scenario: ...
    @property
    def name(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def issues(self) -> List[str]: ...
    @property
    def options(self) -> List[Optional[List[str]]]: ...
    @property
    def actors(self) -> List[str]: ...
    @property
    def leverage(self) -> List[str]: ...
    def to_json(self) -> str: ...
    def solve(
        self,
        concept: str,
        settings: Sequence[Tuple[str, float]],
        first: Optional[str],
        max_nodes: Optional[int],
        max_seconds: Optional[float],
        max_memory: Optional[int],
    ) -> _Output: ...
    def frontier(
        self,
        resolution: int,
        settings: Sequence[Tuple[str, float]],
        max_nodes: Optional[int],
        max_seconds: Optional[float],
        max_memory: Optional[int],
    ) -> _Output: ...
    def sweep(
        self,
        samples: int,
        seed: int,
        concept: str,
        vary: Optional[str],
        weight_noise: Optional[float],
        settings: Sequence[Tuple[str, float]],
        max_nodes: Optional[int],
        max_seconds: Optional[float],
        max_memory: Optional[int],
    ) -> Tuple[str, _Columns]: ...
    def negotiate(
        self,
        agents: Sequence[Tuple[str, str]],
        deadline: int,
        resolution: int,
        settings: Sequence[Tuple[str, float]],
        first: Optional[str],
        trace: bool,
        max_nodes: Optional[int],
        max_seconds: Optional[float],
        max_memory: Optional[int],
    ) -> _Output: ...

def tournament(
    scenarios: Sequence[Scenario],
    strategies: Sequence[str],
    deadline: int,
    resolution: int,
    max_nodes: Optional[int],
    max_seconds: Optional[float],
    max_memory: Optional[int],
) -> _Output: ...
def sweep_shard(
    scenario: Scenario,
    index: int,
    count: int,
    samples: int,
    seed: int,
    concept: str,
    vary: Optional[str],
    weight_noise: Optional[float],
    settings: Sequence[Tuple[str, float]],
    max_nodes: Optional[int],
    max_seconds: Optional[float],
    max_memory: Optional[int],
) -> bytes: ...
def merge(
    shards: Sequence[Tuple[str, bytes]], max_memory: Optional[int]
) -> Tuple[str, _Columns, Scenario]: ...
def rust_solve_seconds(scenario: Scenario, concept: str, repeats: int) -> float: ...
def last_work_seconds() -> float: ...
