"""The LineageBackendPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from floe_core.plugin_metadata import PluginMetadata


class LineageBackendPlugin(PluginMetadata):
    """The methods every LineageBackend plugin implements."""

    @abstractmethod
    def get_transport_config(self) -> dict[str, Any]:
        """Give the OpenLineage transport settings (how events reach this backend)."""

    @abstractmethod
    def get_namespace_strategy(self) -> dict[str, Any]:
        """Say how lineage namespaces are named for this backend."""

    @abstractmethod
    def get_helm_values(self) -> dict[str, Any]:
        """Give the Helm values that deploy this backend's services."""

    @abstractmethod
    def validate_connection(self) -> bool:
        """Say whether the backend can be reached."""
