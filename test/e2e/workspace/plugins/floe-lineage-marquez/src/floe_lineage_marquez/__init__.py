from floe_lineage_marquez.plugin import MarquezPlugin

__all__ = ["MarquezPlugin"]
