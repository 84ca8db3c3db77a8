"""What the pack's catalog plugins share: the CatalogPlugin members, for a catalog with no server behind it."""
from typing import Any

from floe_core.plugins import CatalogPlugin
from floe_core.plugins.catalog import Catalog


class PackCatalogPlugin(CatalogPlugin):
    def connect(self, config: dict[str, Any]) -> Catalog:
        raise NotImplementedError(f"{self.name} has no server in the environment tests")

    def create_namespace(self, namespace: str, properties: dict[str, str] | None = None) -> None:
        raise NotImplementedError

    def vend_credentials(self, table_path: str, operations: list[str]) -> dict[str, Any]:
        return {"table": table_path, "operations": operations}

    def list_namespaces(self, parent: str | None = None) -> list[str]:
        return [parent] if parent else []

    def delete_namespace(self, namespace: str) -> None:
        raise NotImplementedError

    def create_table(self, identifier: str, schema: dict[str, Any], location: str | None = None, properties: dict[str, str] | None = None) -> None:
        raise NotImplementedError

    def list_tables(self, namespace: str) -> list[str]:
        return [f"{namespace}.events"]

    def drop_table(self, identifier: str, purge: bool = False) -> None:
        raise NotImplementedError
