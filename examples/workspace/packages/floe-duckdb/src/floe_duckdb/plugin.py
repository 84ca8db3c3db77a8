from __future__ import annotations

from floe_core.plugins import ComputePlugin, HealthState, HealthStatus

from floe_duckdb.config import DuckDBConfig

API_VERSION = "1.0"


class DuckDBComputePlugin(ComputePlugin):
    """Runs dbt models on DuckDB."""

    @property
    def name(self) -> str:
        return "duckdb"

    @property
    def version(self) -> str:
        return "0.1.0"

    @property
    def floe_api_version(self) -> str:
        return API_VERSION

    @property
    def description(self) -> str:
        return "DuckDB compute " "for local and CI runs"

    def get_config_schema(self):
        return DuckDBConfig

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="duckdb ready")
