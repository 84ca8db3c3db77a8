from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class HealthState(Enum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNHEALTHY = "unhealthy"


@dataclass
class HealthStatus:
    state: HealthState
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)


class PluginMetadata(ABC):
    def __init__(self) -> None:
        self._config = None

    def configure(self, config) -> None:
        self._config = config

    @property
    def is_configured(self) -> bool:
        return getattr(self, "_config", None) is not None

    @property
    @abstractmethod
    def name(self) -> str: ...

    @property
    @abstractmethod
    def version(self) -> str: ...

    @property
    @abstractmethod
    def floe_api_version(self) -> str: ...

    @property
    def description(self) -> str:
        return ""

    @property
    def dependencies(self) -> list[str]:
        return []

    def get_config_schema(self):
        return None

    def startup(self) -> None:
        return None

    def shutdown(self) -> None:
        return None

    def health_check(self, timeout: float | None = None) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY)
