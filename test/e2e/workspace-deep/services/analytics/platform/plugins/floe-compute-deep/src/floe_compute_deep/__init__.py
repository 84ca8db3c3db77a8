from floe_compute_deep.plugin import DeepPlugin

__all__ = ["DeepPlugin"]
