"""Lineage backend; the class is exported lazily (PEP 562)."""


def __getattr__(name: str):
    if name == "MarquezLineagePlugin":
        from floe_marquez.backend import MarquezLineagePlugin

        return MarquezLineagePlugin
    raise AttributeError(name)
