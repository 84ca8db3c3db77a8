"""Minimal stand-in for floe-core whose import needs a logging package the test's interpreter lacks."""
from floe_core.observability import get_logger
from floe_core.plugin_metadata import HealthState, HealthStatus, PluginMetadata
from floe_core.plugin_types import PluginType
from floe_core.version_compat import FLOE_PLUGIN_API_VERSION

__all__ = ["FLOE_PLUGIN_API_VERSION", "HealthState", "HealthStatus", "PluginMetadata", "PluginType", "get_logger"]
