from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_core.plugins import LineageBackendPlugin


class MarquezPlugin(LineageBackendPlugin):
    """Sends OpenLineage events to Marquez."""

    name = "marquez"
    version = "0.3.0"
    floe_api_version = "2.0"

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.DEGRADED, message="lineage events are buffered: Marquez answers slowly")
