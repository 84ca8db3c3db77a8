"""The IngestionPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any

from floe_core.plugin_metadata import PluginMetadata


@dataclass
class IngestionConfig:
    source_type: str
    source_config: dict[str, Any] = field(default_factory=dict)
    destination_table: str = ""


@dataclass
class IngestionResult:
    success: bool
    rows_loaded: int = 0


class IngestionPlugin(PluginMetadata):
    """The methods every Ingestion plugin implements."""

    @property
    @abstractmethod
    def is_external(self) -> bool:
        """True when the ingestion runs outside the platform (a hosted service), False when the platform runs it."""

    @abstractmethod
    def create_pipeline(self, config: IngestionConfig) -> Any:
        """Build an ingestion pipeline from this source and destination config."""

    @abstractmethod
    def run(self, pipeline: Any, **kwargs: Any) -> IngestionResult:
        """Run a pipeline made by create_pipeline and report what it loaded."""

    @abstractmethod
    def get_destination_config(self, catalog_config: dict[str, Any]) -> dict[str, Any]:
        """Give the destination settings that make the pipeline write to the Iceberg catalog."""
