from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_compute_pack.base import PackComputePlugin


class DuckDBPlugin(PackComputePlugin):
    name = "duckdb"
    version = "0.1.0"
    floe_api_version = "1.0"
    dependencies = []

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="duckdb is up")


class SparkPlugin(PackComputePlugin):
    name = "spark"
    version = "0.4.0"
    floe_api_version = "1.0"
    dependencies = ["duckdb"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="spark is up")
