from floe_core.plugin_metadata import PluginMetadata


class ComputePlugin(PluginMetadata):
    pass


class CatalogPlugin(PluginMetadata):
    pass


class LineageBackendPlugin(PluginMetadata):
    pass
