"""floe-core's platform manifest model, for the Floe runner's schema export.

The runner's "schema" mode imports a target and calls its get_config_schema(); this module's
target hands it floe-core's PlatformManifest. JSON Schema cannot express what a validator that
runs before (or instead of) Pydantic's own checks does, so the models and fields that have one
are printed open (any value) rather than stricter than floe-core really is.
"""

import copy


def _relaxed(model, schema):
    """The schema with the parts before/wrap/plain validators decide left open."""
    open_models = set()
    open_fields = {}
    seen = set()

    def visit(cls):
        if not isinstance(cls, type) or cls in seen or not hasattr(cls, "__pydantic_decorators__"):
            return
        seen.add(cls)
        decorators = cls.__pydantic_decorators__
        for d in decorators.model_validators.values():
            if d.info.mode in ("before", "wrap"):
                open_models.add(cls.__name__)
        for d in decorators.field_validators.values():
            if d.info.mode in ("before", "wrap", "plain"):
                open_fields.setdefault(cls.__name__, set()).update(d.info.fields)
        for field in getattr(cls, "model_fields", {}).values():
            for inner in _classes(field.annotation):
                visit(inner)

    visit(model)
    out = copy.deepcopy(schema)
    targets = dict(out.get("$defs", {}))
    targets[model.__name__] = out
    for name, sub in targets.items():
        props = sub.get("properties", {})
        if name in open_models:
            for key in [k for k in sub if k not in ("title", "description", "properties", "$defs")]:
                del sub[key]
            sub["properties"] = {k: {} for k in props}
        for field in open_fields.get(name, ()):
            if field in props:
                props[field] = {}
    return out


def _classes(annotation):
    """Classes mentioned in a type annotation (list[X], X | None, dict[str, X] ...)."""
    found = []
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type):
            found.append(a)
        for arg in getattr(a, "__args__", ()) or ():
            stack.append(arg)
        for meta in getattr(a, "__metadata__", ()) or ():
            stack.append(meta)
        origin = getattr(a, "__origin__", None)
        if origin is not None and origin is not a:
            stack.append(origin)
    return found


class _ManifestSchema:
    def __init__(self, model):
        self.model = model

    def model_json_schema(self):
        return _relaxed(self.model, self.model.model_json_schema())


class PlatformManifestModel:
    """get_config_schema() -> floe-core's PlatformManifest (its schema printed by model_json_schema())."""

    @staticmethod
    def get_config_schema():
        from floe_core.schemas.manifest import PlatformManifest

        return _ManifestSchema(PlatformManifest)
