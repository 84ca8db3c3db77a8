from floe_core.plugins import LineageBackendPlugin


class MarquezLineagePlugin(LineageBackendPlugin):
    @property
    def name(self) -> str:
        return "marquez"

    @property
    def version(self) -> str:
        return "0.3.0"

    @property
    def floe_api_version(self) -> str:
        return "2.0"
