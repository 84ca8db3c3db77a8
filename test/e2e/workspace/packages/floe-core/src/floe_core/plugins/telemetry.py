"""The TelemetryBackendPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from floe_core.plugin_metadata import PluginMetadata


class TelemetryBackendPlugin(PluginMetadata):
    """The methods every TelemetryBackend plugin implements."""

    @abstractmethod
    def get_otlp_exporter_config(self) -> dict[str, Any]:
        """Give the OpenTelemetry collector's exporter settings for this backend."""

    @abstractmethod
    def get_helm_values(self) -> dict[str, Any]:
        """Give the Helm values that deploy this backend's services."""

    @abstractmethod
    def validate_connection(self) -> bool:
        """Say whether the backend can be reached."""
