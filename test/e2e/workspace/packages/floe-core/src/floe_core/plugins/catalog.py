"""The CatalogPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, Protocol, runtime_checkable

from floe_core.plugin_metadata import PluginMetadata


@runtime_checkable
class Catalog(Protocol):
    def list_tables(self, namespace: str) -> list[str]: ...

    def load_table(self, identifier: str) -> Any: ...


class CatalogPlugin(PluginMetadata):
    """The methods every Catalog plugin implements."""

    @abstractmethod
    def connect(self, config: dict[str, Any]) -> Catalog:
        """Connect to the catalog and return a PyIceberg-compatible catalog object."""

    @abstractmethod
    def create_namespace(self, namespace: str, properties: dict[str, str] | None = None) -> None:
        """Create a namespace, with optional properties."""

    @abstractmethod
    def vend_credentials(self, table_path: str, operations: list[str]) -> dict[str, Any]:
        """Issue short-lived storage credentials for one table, limited to these operations."""

    @abstractmethod
    def list_namespaces(self, parent: str | None = None) -> list[str]:
        """List the namespaces, or those under a parent."""

    @abstractmethod
    def delete_namespace(self, namespace: str) -> None:
        """Delete an empty namespace."""

    @abstractmethod
    def create_table(
        self,
        identifier: str,
        schema: dict[str, Any],
        location: str | None = None,
        properties: dict[str, str] | None = None,
    ) -> None:
        """Create an Iceberg table with this schema."""

    @abstractmethod
    def list_tables(self, namespace: str) -> list[str]:
        """List the tables of a namespace."""

    @abstractmethod
    def drop_table(self, identifier: str, purge: bool = False) -> None:
        """Drop a table; with purge, delete its data files too."""
