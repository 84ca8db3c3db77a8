from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_core.plugins import CatalogPlugin


class PolarisPlugin(CatalogPlugin):
    name = "polaris"
    version = "0.2.0"
    floe_api_version = "1.0"
    dependencies = ["duckdb"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="polaris is up")


class GluePlugin(CatalogPlugin):
    name = "glue"
    version = "0.3.0"
    floe_api_version = "1.0"
    dependencies = ["lakehouse"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="glue is up")
