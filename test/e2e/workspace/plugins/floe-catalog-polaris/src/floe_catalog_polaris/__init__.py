from floe_catalog_polaris.plugin import PolarisPlugin

__all__ = ["PolarisPlugin"]
