from typing import Any

from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_core.plugins import CatalogPlugin
from floe_core.plugins.catalog import Catalog


class PolarisPlugin(CatalogPlugin):
    """Iceberg REST catalog backed by Apache Polaris."""

    name = "polaris"
    version = "0.2.0"
    floe_api_version = "1.0"
    dependencies = ["duckdb"]

    def health_check(self) -> HealthStatus:
        return HealthStatus(
            state=HealthState.UNHEALTHY,
            message="catalog endpoint http://polaris:8181/api/catalog is unreachable",
            details={"uri": "http://polaris:8181/api/catalog"},
        )

    def connect(self, config: dict[str, Any]) -> Catalog:
        raise NotImplementedError("the e2e catalog has no server")

    def create_namespace(self, namespace: str, properties: dict[str, str] | None = None) -> None:
        raise NotImplementedError

    def vend_credentials(self, table_path: str, operations: list[str]) -> dict[str, Any]:
        return {}

    def list_namespaces(self, parent: str | None = None) -> list[str]:
        return []

    def delete_namespace(self, namespace: str) -> None:
        raise NotImplementedError

    def create_table(
        self,
        identifier: str,
        schema: dict[str, Any],
        location: str | None = None,
        properties: dict[str, str] | None = None,
    ) -> None:
        raise NotImplementedError

    def list_tables(self, namespace: str) -> list[str]:
        return []

    def drop_table(self, identifier: str, purge: bool = False) -> None:
        raise NotImplementedError
