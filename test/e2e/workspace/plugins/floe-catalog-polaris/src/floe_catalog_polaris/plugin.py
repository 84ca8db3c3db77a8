from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_core.plugins import CatalogPlugin


class PolarisPlugin(CatalogPlugin):
    """Iceberg REST catalog backed by Apache Polaris."""

    name = "polaris"
    version = "0.2.0"
    floe_api_version = "1.0"
    dependencies = ["duckdb"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(
            state=HealthState.UNHEALTHY,
            message="catalog endpoint http://polaris:8181/api/catalog is unreachable",
            details={"uri": "http://polaris:8181/api/catalog"},
        )
