"""The SemanticLayerPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any

from floe_core.plugin_metadata import PluginMetadata

if TYPE_CHECKING:
    from floe_core.plugins.compute import ComputePlugin


class SemanticLayerPlugin(PluginMetadata):
    """The methods every SemanticLayer plugin implements."""

    @abstractmethod
    def sync_from_dbt_manifest(self, manifest_path: Path, output_dir: Path) -> list[Path]:
        """Generate the semantic layer's model files from a dbt manifest; return the files written."""

    @abstractmethod
    def get_security_context(self, namespace: str, roles: list[str]) -> dict[str, Any]:
        """Give the row-level security context for a namespace and these roles."""

    @abstractmethod
    def get_datasource_config(self, compute_plugin: ComputePlugin) -> dict[str, Any]:
        """Give the settings the semantic layer needs to query through this compute plugin."""

    @abstractmethod
    def get_api_endpoints(self) -> dict[str, str]:
        """Name the APIs the semantic layer serves, with their URLs."""

    @abstractmethod
    def get_helm_values_override(self) -> dict[str, Any]:
        """Give the Helm values this semantic layer adds to the deployment."""
