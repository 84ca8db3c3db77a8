from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_catalog_pack.base import PackCatalogPlugin


class PolarisPlugin(PackCatalogPlugin):
    name = "polaris"
    version = "0.2.0"
    floe_api_version = "1.0"
    dependencies = ["duckdb"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="polaris is up")


class GluePlugin(PackCatalogPlugin):
    name = "glue"
    version = "0.3.0"
    floe_api_version = "1.0"
    dependencies = ["lakehouse"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="glue is up")
