"""Minimal stand-in for floe-core (the parts plugins import)."""
from floe_core.plugin_metadata import HealthState, HealthStatus, PluginMetadata
from floe_core.plugin_types import PluginType
from floe_core.version_compat import FLOE_PLUGIN_API_VERSION

__all__ = ["FLOE_PLUGIN_API_VERSION", "HealthState", "HealthStatus", "PluginMetadata", "PluginType"]
