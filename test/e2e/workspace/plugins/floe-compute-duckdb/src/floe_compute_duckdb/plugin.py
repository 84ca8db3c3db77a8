from typing import Any

from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec
from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_core.plugins import ComputePlugin


class DuckDBPlugin(ComputePlugin):
    """Runs dbt models in an embedded DuckDB."""

    @property
    def name(self) -> str:
        return "duckdb"

    @property
    def version(self) -> str:
        return "0.1.0"

    @property
    def floe_api_version(self) -> str:
        return "1.0"

    @property
    def description(self) -> str:
        return "DuckDB compute for floe"

    def get_config_schema(self):
        from floe_compute_duckdb.config import DuckDBConfig

        return DuckDBConfig

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="duckdb in-memory connection ok")

    @property
    def is_self_hosted(self) -> bool:
        return True

    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:
        return {"type": "duckdb", "path": ":memory:", "threads": config.threads}

    def get_required_dbt_packages(self) -> list[str]:
        return ["dbt-duckdb"]

    def validate_connection(self, config: ComputeConfig) -> ConnectionResult:
        return ConnectionResult(status="connected")

    def get_resource_requirements(self, workload_size: str) -> ResourceSpec:
        return ResourceSpec()
