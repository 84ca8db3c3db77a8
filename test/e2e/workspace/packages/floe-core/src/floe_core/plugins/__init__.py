"""The plugin interfaces (the stand-in has those of the e2e plugins' types)."""

from floe_core.plugins.catalog import CatalogPlugin
from floe_core.plugins.compute import ComputePlugin
from floe_core.plugins.lineage import LineageBackendPlugin
from floe_core.plugins.storage import StoragePlugin

__all__ = ["CatalogPlugin", "ComputePlugin", "LineageBackendPlugin", "StoragePlugin"]
