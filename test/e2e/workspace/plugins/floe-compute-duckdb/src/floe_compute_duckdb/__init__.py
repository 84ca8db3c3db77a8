from floe_compute_duckdb.plugin import DuckDBPlugin

__all__ = ["DuckDBPlugin"]
