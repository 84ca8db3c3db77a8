from .plugin import PolarisCatalogPlugin as PolarisCatalogPlugin

__all__ = ["PolarisCatalogPlugin"]
