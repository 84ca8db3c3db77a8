from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_lineage_pack.base import PackLineageBackendPlugin


class MarquezPlugin(PackLineageBackendPlugin):
    name = "marquez"
    version = "0.3.0"
    floe_api_version = "1.0"
    dependencies = ["openlineage"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="marquez is up")


class OpenLineagePlugin(PackLineageBackendPlugin):
    name = "openlineage"
    version = "0.5.0"
    floe_api_version = "1.0"
    dependencies = ["marquez"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.HEALTHY, message="openlineage is up")
