from typing import Any

from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_core.plugins import LineageBackendPlugin


class MarquezPlugin(LineageBackendPlugin):
    """Sends OpenLineage events to Marquez."""

    name = "marquez"
    version = "0.3.0"
    floe_api_version = "2.0"

    def health_check(self) -> HealthStatus:
        return HealthStatus(state=HealthState.DEGRADED, message="lineage events are buffered: Marquez answers slowly")

    def get_transport_config(self) -> dict[str, Any]:
        return {"type": "http", "url": "http://marquez:5000"}

    def get_namespace_strategy(self) -> dict[str, Any]:
        return {"strategy": "per-product"}

    def get_helm_values(self) -> dict[str, Any]:
        return {}

    def validate_connection(self) -> bool:
        return True
