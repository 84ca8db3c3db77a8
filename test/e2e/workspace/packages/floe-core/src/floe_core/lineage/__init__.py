"""Lineage events."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class RunState(Enum):
    START = "START"
    COMPLETE = "COMPLETE"
    FAIL = "FAIL"


@dataclass
class LineageDataset:
    namespace: str
    name: str
    facets: dict[str, Any] = field(default_factory=dict)


class LineageEmitter:
    def emit(self, state: RunState, job_name: str) -> None:
        pass
