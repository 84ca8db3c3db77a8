"""The plugin interfaces."""

from floe_core.plugins.catalog import CatalogPlugin
from floe_core.plugins.compute import ComputePlugin
from floe_core.plugins.dbt import DBTPlugin
from floe_core.plugins.identity import IdentityPlugin
from floe_core.plugins.ingestion import IngestionPlugin
from floe_core.plugins.lineage import LineageBackendPlugin
from floe_core.plugins.orchestrator import OrchestratorPlugin
from floe_core.plugins.secrets import SecretsPlugin
from floe_core.plugins.semantic import SemanticLayerPlugin
from floe_core.plugins.storage import StoragePlugin
from floe_core.plugins.telemetry import TelemetryBackendPlugin

__all__ = [
    "CatalogPlugin",
    "ComputePlugin",
    "DBTPlugin",
    "IdentityPlugin",
    "IngestionPlugin",
    "LineageBackendPlugin",
    "OrchestratorPlugin",
    "SecretsPlugin",
    "SemanticLayerPlugin",
    "StoragePlugin",
    "TelemetryBackendPlugin",
]
