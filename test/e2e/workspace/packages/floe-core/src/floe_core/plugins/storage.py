"""The StoragePlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, Protocol, runtime_checkable

from floe_core.plugin_metadata import PluginMetadata


@runtime_checkable
class FileIO(Protocol):
    def new_input(self, location: str) -> Any: ...

    def new_output(self, location: str) -> Any: ...


class StoragePlugin(PluginMetadata):
    """The methods every Storage plugin implements."""

    @abstractmethod
    def get_pyiceberg_fileio(self) -> FileIO:
        """Return the PyIceberg FileIO that reads and writes this storage."""

    @abstractmethod
    def get_warehouse_uri(self, namespace: str) -> str:
        """Give the warehouse location of a namespace (e.g. s3://bucket/namespace)."""

    @abstractmethod
    def get_dbt_profile_config(self) -> dict[str, Any]:
        """Give the settings dbt needs to reach this storage."""

    @abstractmethod
    def get_dagster_io_manager_config(self) -> dict[str, Any]:
        """Give the settings of the orchestrator's IO manager for this storage."""

    @abstractmethod
    def get_helm_values_override(self) -> dict[str, Any]:
        """Give the Helm values this storage adds to the deployment."""
