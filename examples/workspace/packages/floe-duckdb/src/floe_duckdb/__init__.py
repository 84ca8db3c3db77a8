"""DuckDB compute plugin for floe."""
from floe_duckdb.plugin import DuckDBComputePlugin

__all__ = ["DuckDBComputePlugin"]
