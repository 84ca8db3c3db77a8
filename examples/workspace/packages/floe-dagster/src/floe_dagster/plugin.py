from floe_core.plugins import OrchestratorPlugin


class DagsterPlugin(OrchestratorPlugin):
    name = "dagster"
    version = "0.2.0"
    floe_api_version = "1.0"
    dependencies = ["dbt-core"]
