"""What the pack's lineage backends share: the LineageBackendPlugin members, for a local endpoint."""
from typing import Any

from floe_core.plugins import LineageBackendPlugin


class PackLineageBackendPlugin(LineageBackendPlugin):
    def get_transport_config(self) -> dict[str, Any]:
        return {"type": "http", "url": f"http://{self.name}.local:5000"}

    def get_namespace_strategy(self) -> dict[str, Any]:
        return {"strategy": "static", "namespace": self.name}

    def get_helm_values(self) -> dict[str, Any]:
        return {"enabled": False}

    def validate_connection(self) -> bool:
        return False
