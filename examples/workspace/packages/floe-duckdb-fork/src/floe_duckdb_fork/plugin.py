from floe_core.plugins import ComputePlugin


class ForkedDuckDB(ComputePlugin):
    name = "duckdb"
    version = "0.0.1"
    floe_api_version = "1.0"
