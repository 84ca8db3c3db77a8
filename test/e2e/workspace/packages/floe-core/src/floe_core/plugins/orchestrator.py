"""The OrchestratorPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from floe_core.lineage import LineageDataset, RunState
from floe_core.plugin_metadata import PluginMetadata


@dataclass
class TransformConfig:
    name: str
    path: str = ""
    depends_on: list[str] = field(default_factory=list)


@dataclass
class ValidationResult:
    success: bool
    message: str = ""


@dataclass
class ResourceSpec:
    cpu_request: str = "100m"
    memory_request: str = "256Mi"


class OrchestratorPlugin(PluginMetadata):
    """The methods every Orchestrator plugin implements."""

    @abstractmethod
    def create_definitions(self, artifacts: dict[str, Any]) -> Any:
        """Turn the compiled artifacts into the orchestrator's own definitions (jobs, assets, schedules)."""

    @abstractmethod
    def create_assets_from_transforms(self, transforms: list[TransformConfig]) -> list[Any]:
        """Make one orchestrator asset per dbt transform, keeping their dependencies."""

    @abstractmethod
    def get_helm_values(self) -> dict[str, Any]:
        """Give the Helm values that deploy the orchestrator's services."""

    @abstractmethod
    def validate_connection(self) -> ValidationResult:
        """Check that the orchestrator can be reached and say what is wrong when not."""

    @abstractmethod
    def get_resource_requirements(self, workload_size: str) -> ResourceSpec:
        """Give the CPU and memory a job of this workload size needs."""

    @abstractmethod
    def emit_lineage_event(
        self,
        event_type: RunState,
        job_name: str,
        job_namespace: str | None = None,
        run_id: UUID | None = None,
        inputs: list[LineageDataset] | None = None,
        outputs: list[LineageDataset] | None = None,
        run_facets: dict[str, Any] | None = None,
        job_facets: dict[str, Any] | None = None,
        producer: str | None = None,
    ) -> UUID:
        """Send an OpenLineage event for a job's run to the lineage backend; return the run id."""

    @abstractmethod
    def schedule_job(self, job_name: str, cron: str, timezone: str) -> None:
        """Run a job on a cron schedule in the given time zone."""

    @abstractmethod
    def generate_entry_point_code(
        self,
        product_name: str,
        output_dir: str,
        *,
        lineage_enabled: bool = False,
        iceberg_enabled: bool = False,
    ) -> str:
        """Write the orchestrator's entry-point module for a data product into output_dir; return its path."""
