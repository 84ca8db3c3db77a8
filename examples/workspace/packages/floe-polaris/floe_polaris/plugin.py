from floe_core.plugins import CatalogPlugin


class PolarisCatalogPlugin(CatalogPlugin):
    name = "polaris"
    version = "0.1.0"
    floe_api_version = "1.0"
    description = "Apache Polaris REST catalog"
    dependencies = ["duckdb", "s3-storage"]
