from floe_core.plugins import DBTPlugin


class DBTCorePlugin(DBTPlugin):
    name = "dbt-core"
    version = "0.2.0"
    floe_api_version = "1.0"
    dependencies = ["dagster"]
