"""Minimal stand-in for floe-core's plugin registry: entry-point discovery, lazy loading with the
API-version check, dependency order."""
from importlib.metadata import entry_points

from floe_core.plugin_errors import PluginIncompatibleError
from floe_core.plugin_types import PluginType
from floe_core.version_compat import FLOE_PLUGIN_API_VERSION, is_compatible

_registry = None


class PluginRegistry:
    def __init__(self) -> None:
        self._found = {}
        self._loaded = {}

    def discover_all(self) -> None:
        for plugin_type in PluginType:
            for ep in entry_points(group=plugin_type.value):
                self._found.setdefault((plugin_type, ep.name), ep)

    def list_all(self):
        return {t: sorted(name for (kind, name) in self._found if kind is t) for t in PluginType}

    def get(self, plugin_type, name):
        key = (plugin_type, name)
        if key not in self._loaded:
            plugin = self._found[key].load()()
            if not is_compatible(plugin.floe_api_version, FLOE_PLUGIN_API_VERSION):
                raise PluginIncompatibleError(name, plugin.floe_api_version, FLOE_PLUGIN_API_VERSION)
            self._loaded[key] = plugin
        return self._loaded[key]

    def resolve_dependencies(self, plugins):
        done, order = set(), []
        while len(order) < len(plugins):
            ready = [p for p in plugins if p.name not in done and all(d in done for d in p.dependencies)]
            if not ready:
                raise ValueError("unresolvable dependencies")
            for p in ready:
                done.add(p.name)
                order.append(p)
        return order


def get_registry() -> PluginRegistry:
    global _registry
    if _registry is None:
        _registry = PluginRegistry()
        _registry.discover_all()
    return _registry
