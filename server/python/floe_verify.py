"""Floe platform verification: runs floe-core's own discovery and registry in the author's Python.

Standard library only, Python 3.10+. Started by the Floe tools (one process per verification):

    python floe_verify.py '<request json>'

The request is a JSON object:
    {"mode": "verify",
     "plugins": [{"group": "floe.computes", "name": "duckdb",      # entry-point group and name
                  "distribution": "floe-compute-duckdb"}, ...],    # the plugins to compare
     "loadAll": bool,     # also load every other plugin floe-core discovers (a full verification)
     "skip": ["floe.computes:duckdb", ...],   # hung or crashed an earlier process: not touched
     "resolve": bool}     # resolve the dependencies of every loaded plugin at the end

It does what floe does at start-up, with floe-core's own functions (whatever this floe-core
has; what it lacks is reported, never imitated):
    get_registry()  (else PluginRegistry() + discover_all())   discovery, lazy
    list_all()                                                  what was discovered, by type
    get(type, name)                                             import, cls() (MagicMock-config
                                                                fallback), API-version check
    floe_core.network.generator.discover_network_security_plugins()   the separate group,
                                                                then cls() as floe creates them
    get_config_schema() and model_json_schema()
    resolve_dependencies(plugins)  (else DependencyResolver().resolve(plugins))

Protocol: JSON lines on file descriptor 3 (see floe_runner.py, whose helpers this reuses).
    {"event": "floe_core", "path": ..., "version": ..., "apiVersion": ..., "missing": [...]}
    {"event": "ready", ...}
    {"event": "discovered", "groups": {"floe.computes": ["duckdb"]}, "separate": {...}}
    {"event": "phase", "phase": "import" | "instantiate" | "configure"}   per plugin
    {"event": "plugin", "group": ..., "name": ..., ...}                   per plugin
    {"event": "dependencies", "order": [...] | null, "error": {...} | null}
    {"event": "result", "done": true}  or  {"event": "result", "fatal": {...}}
Importing floe-core happens before "ready" (platform start-up, in no plugin budget); each plugin's
import and creation are phases the caller times.
"""

import faulthandler
import importlib
import importlib.metadata
import importlib.util
import inspect
import json
import os
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
import floe_runner as runner  # noqa: E402 — the runner's protocol and error helpers

NETWORK_GROUP = "floe.network_security"


def send(event, **fields):
    runner.send(event, **fields)


def key_of(group, name):
    return "%s:%s" % (group, name)


# ---------------------------------------------------------------- floe-core

class Platform:
    """The floe-core functions verification uses, imported from the interpreter's floe-core."""

    def __init__(self):
        self.missing = []   # floe-core names this version does not have
        self.notes = []
        import floe_core  # noqa: F401 — the package itself first: its failure is the clearest

        self.path = os.path.dirname(os.path.abspath(floe_core.__file__))
        self.version = self._version(floe_core)
        self.registry_module = importlib.import_module("floe_core.plugin_registry")
        self.PluginType = importlib.import_module("floe_core.plugin_types").PluginType
        compat = self._optional("floe_core.version_compat")
        self.api_version = getattr(compat, "FLOE_PLUGIN_API_VERSION", None) if compat else None
        self.is_compatible = getattr(compat, "is_compatible", None) if compat else None
        if compat is not None and self.is_compatible is None:
            self.missing.append("floe_core.version_compat.is_compatible")
        errors = self._optional("floe_core.plugin_errors")
        self.IncompatibleError = getattr(errors, "PluginIncompatibleError", None) if errors else None
        self.CircularError = getattr(errors, "CircularDependencyError", None) if errors else None
        self.MissingError = getattr(errors, "MissingDependencyError", None) if errors else None
        generator = self._optional("floe_core.network.generator", record=False)
        self.network_group = getattr(generator, "NETWORK_SECURITY_ENTRY_POINT_GROUP", NETWORK_GROUP) if generator else NETWORK_GROUP
        self.discover_network = getattr(generator, "discover_network_security_plugins", None) if generator else None
        if self.discover_network is None:
            self.missing.append("floe_core.network.generator.discover_network_security_plugins")
        self.get_network = getattr(generator, "get_network_security_plugin", None) if generator else None

    @staticmethod
    def _version(module):
        for dist in ("floe-core", "floe_core"):
            try:
                return importlib.metadata.version(dist)
            except Exception:  # noqa: BLE001 — not installed as a distribution (a source checkout)
                continue
        value = getattr(module, "__version__", None)
        return str(value) if value is not None else None

    def _optional(self, module, record=True):
        try:
            return importlib.import_module(module)
        except ImportError:
            if record:
                self.missing.append(module)
            return None

    def registry(self):
        """floe's start-up: get_registry() (discovery included), else PluginRegistry().discover_all()."""
        get_registry = getattr(self.registry_module, "get_registry", None)
        if callable(get_registry):
            return get_registry()
        self.missing.append("floe_core.plugin_registry.get_registry")
        registry = self.registry_module.PluginRegistry()
        discover = getattr(registry, "discover_all", None)
        if callable(discover):
            discover()
        else:
            self.missing.append("PluginRegistry.discover_all")
        return registry

    def plugin_type(self, group):
        try:
            return self.PluginType(group)
        except ValueError:
            return None


def import_failure(exc):
    """What to say when floe-core cannot be imported: the interpreter and the missing module."""
    name = getattr(exc, "name", None) or ""
    fatal = {"kind": "floe-core-unavailable", "python": sys.executable, "type": type(exc).__name__,
             "message": runner._short(str(exc))}
    if isinstance(exc, ModuleNotFoundError) and name:
        fatal["module"] = name
    return fatal


# ---------------------------------------------------------------- reading a plugin

def read_value(obj, attr):
    """{"value": v, "type": "str"} or {"error": "raised X: msg"} — a property may raise."""
    try:
        value = getattr(obj, attr)
    except BaseException as exc:  # noqa: B036
        return {"error": runner.what(exc)}
    if callable(value) and not isinstance(value, type):
        return {"error": "is a method, not a property or attribute"}
    return {"value": runner.json_safe(value), "type": type(value).__name__}


def read_schema(plugin):
    """get_config_schema() -> {"model": name, "schema": {...}} | {"none": true} | {"error": ...}."""
    fn = getattr(plugin, "get_config_schema", None)
    if not callable(fn):
        return {"error": "has no get_config_schema()"}
    try:
        model = fn()
    except BaseException as exc:  # noqa: B036
        return {"error": "get_config_schema() " + runner.what(exc)}
    if model is None:
        return {"none": True}
    name = getattr(model, "__name__", type(model).__name__)
    export = getattr(model, "model_json_schema", None) or getattr(model, "schema", None)
    if not inspect.isclass(model) or not callable(export):
        return {"error": "get_config_schema() returned %s, not a Pydantic model class" % runner._short(repr(model), 200)}
    try:
        return {"model": name, "schema": export()}
    except BaseException as exc:  # noqa: B036
        return {"model": name, "error": "%s.model_json_schema() %s" % (name, runner.what(exc))}


METADATA = ("name", "version", "floe_api_version", "description", "dependencies")


def read_plugin(plugin):
    """The metadata the platform reads, the instance's class and its config schema."""
    return {
        "fields": {attr: read_value(plugin, attr) for attr in METADATA},
        "className": "%s.%s" % (type(plugin).__module__, type(plugin).__qualname__),
        "configSchema": read_schema(plugin),
    }


def plugin_dirs(module_name):
    """The folders of the plugin's top package, found without importing it."""
    top = (module_name or "").split(".")[0]
    if not top:
        return []
    try:
        spec = importlib.util.find_spec(top)
    except BaseException:  # noqa: B036
        return []
    if spec is None:
        return []
    dirs = list(spec.submodule_search_locations or [])
    if not dirs and spec.origin:
        dirs = [os.path.dirname(spec.origin)]
    return [os.path.abspath(d).rstrip(os.sep) + os.sep for d in dirs]


def failure(exc, ep_value):
    """The platform's exception: type, message and the plugin's own frames (never this script's)."""
    module = (ep_value or "").partition(":")[0].strip()
    etype, msg = runner.describe(exc)
    frames = [f for f in runner.frames_of(exc, plugin_dirs(module)) if os.path.dirname(f["file"]) != HERE]
    return {"type": etype, "message": msg, "traceback": frames}


_ALL_ENTRY_POINTS = []


def entry_point(group, name, last=False):
    """The entry point floe uses for (group, name): the first one (registry), the last (network).
    The installed entry points are read once (each read scans every distribution)."""
    try:
        if not _ALL_ENTRY_POINTS:
            _ALL_ENTRY_POINTS.append(importlib.metadata.entry_points())
        eps = [ep for ep in _ALL_ENTRY_POINTS[0].select(group=group) if ep.name == name]
    except BaseException:  # noqa: B036
        return None
    if not eps:
        return None
    return eps[-1] if last else eps[0]


def not_discovered_reason(group, name, distribution, platform):
    """Why the platform does not see a plugin the workspace declares."""
    if group != platform.network_group and platform.plugin_type(group) is None:
        return "floe-core scans no entry-point group %r" % group
    if distribution:
        try:
            dist = importlib.metadata.distribution(distribution)
        except importlib.metadata.PackageNotFoundError:
            return "the distribution %s is not installed in %s" % (distribution, sys.executable)
        except BaseException as exc:  # noqa: B036
            return "the distribution %s could not be read (%s)" % (distribution, runner.what(exc))
        return ("%s %s is installed in %s, but its installed metadata has no entry point %r in %r "
                "(reinstall it: the declaration changed since)" % (distribution, dist.version, sys.executable, name, group))
    return "no installed distribution declares entry point %r in %r" % (name, group)


# ---------------------------------------------------------------- the run

class Verification:
    def __init__(self, req, platform):
        self.req = req
        self.platform = platform
        self.skip = set(req.get("skip") or [])
        self.loaded = []  # registry plugin instances, in load order (for dependency resolution)

    def plugin_event(self, group, name, **fields):
        send("plugin", group=group, name=name, key=key_of(group, name), **fields)

    def run(self):
        p = self.platform
        send("phase", phase="import")
        registry = p.registry()
        list_all = getattr(registry, "list_all", None)
        discovered = {}
        if callable(list_all):
            for ptype, names in list_all().items():
                discovered.setdefault(ptype.value, []).extend(names)
        else:
            p.missing.append("PluginRegistry.list_all")
        network = []
        try:
            network = sorted({ep.name for ep in importlib.metadata.entry_points(group=p.network_group)})
        except BaseException:  # noqa: B036
            pass
        send("discovered", groups=discovered, separate={p.network_group: network}, missing=p.missing)

        wanted = [(w.get("group"), w.get("name"), w.get("distribution")) for w in self.req.get("plugins") or []]
        order = list(wanted)
        if self.req.get("loadAll"):
            known = {(g, n) for g, n, _ in wanted}
            for group in sorted(discovered):
                for name in sorted(discovered[group]):
                    if (group, name) not in known:
                        order.append((group, name, None))
            for name in network:
                if (p.network_group, name) not in known:
                    order.append((p.network_group, name, None))

        network_classes = None
        for group, name, distribution in order:
            if key_of(group, name) in self.skip:
                continue
            if group == p.network_group:
                network_classes = self.network_plugin(name, distribution, network_classes)
            else:
                self.registry_plugin(registry, discovered, group, name, distribution)
        if self.req.get("resolve"):
            self.resolve(registry)
        send("result", done=True, missing=p.missing)

    def registry_plugin(self, registry, discovered, group, name, distribution):
        p = self.platform
        if name not in discovered.get(group, []):
            return self.plugin_event(group, name, discovered=False,
                                     reason=not_discovered_reason(group, name, distribution, p))
        ptype = p.plugin_type(group)
        ep = entry_point(group, name)
        value = ep.value if ep is not None else None
        send("phase", phase="import", key=key_of(group, name))
        try:
            if ep is not None:
                ep.load()  # floe's get() imports first: the import gets its own budget
        except BaseException:  # noqa: B036 — get() below raises it again, as the platform does
            pass
        send("phase", phase="instantiate", key=key_of(group, name))
        try:
            plugin = registry.get(ptype, name)
        except BaseException as exc:  # noqa: B036
            if p.IncompatibleError is not None and isinstance(exc, p.IncompatibleError):
                return self.plugin_event(group, name, discovered=True, entryPoint=value, loaded=False, compatible=False,
                                         incompatible={"message": runner._short(str(exc)),
                                                       "required": runner.json_safe(getattr(exc, "required_version", None)),
                                                       "platform": runner.json_safe(getattr(exc, "platform_version", None))})
            return self.plugin_event(group, name, discovered=True, entryPoint=value, loaded=False, error=failure(exc, value))
        self.loaded.append(plugin)
        fields = read_plugin(plugin)
        compatible = None
        api = fields["fields"]["floe_api_version"].get("value")
        if p.is_compatible is not None and p.api_version is not None and isinstance(api, str):
            try:
                compatible = bool(p.is_compatible(api, p.api_version))
            except BaseException:  # noqa: B036
                compatible = None
        self.plugin_event(group, name, discovered=True, entryPoint=value, loaded=True, compatible=compatible, **fields)

    def network_plugin(self, name, distribution, classes):
        """floe's network-security loading: discover_network_security_plugins() (eager, by
        entry-point name, later duplicates replace earlier ones), then cls() — no version check."""
        p = self.platform
        group = p.network_group
        ep = entry_point(group, name, last=True)
        if ep is None:
            self.plugin_event(group, name, discovered=False, reason=not_discovered_reason(group, name, distribution, p))
            return classes
        if p.discover_network is None:
            self.plugin_event(group, name, discovered=True, entryPoint=ep.value, loaded=False,
                              unsupported="this floe-core has no floe_core.network.generator.discover_network_security_plugins()")
            return classes
        send("phase", phase="import", key=key_of(group, name))
        import_error = None
        try:
            ep.load()
        except BaseException as exc:  # noqa: B036
            import_error = exc
        if classes is None:
            classes = p.discover_network() or {}
        send("phase", phase="instantiate", key=key_of(group, name))
        cls = classes.get(name)
        if cls is None:
            # floe logs the failure (discover_plugins.load_failed) and leaves the plugin out.
            exc = import_error or LookupError("not among the plugins discover_network_security_plugins() returned")
            self.plugin_event(group, name, discovered=True, entryPoint=ep.value, loaded=False, error=failure(exc, ep.value))
            return classes
        try:
            # floe's own get_network_security_plugin(name) creates it (cls(), no arguments).
            plugin = p.get_network(name) if p.get_network is not None else cls()
        except BaseException as exc:  # noqa: B036
            self.plugin_event(group, name, discovered=True, entryPoint=ep.value, loaded=False, error=failure(exc, ep.value))
            return classes
        self.plugin_event(group, name, discovered=True, entryPoint=ep.value, loaded=True, **read_plugin(plugin))
        return classes

    def resolve(self, registry):
        p = self.platform
        send("phase", phase="configure")
        resolve = getattr(registry, "resolve_dependencies", None)
        if not callable(resolve):
            try:
                resolver = importlib.import_module("floe_core.plugins.dependencies").DependencyResolver()
                resolve = resolver.resolve
            except BaseException:  # noqa: B036
                p.missing.append("PluginRegistry.resolve_dependencies")
                return send("dependencies", order=None, error=None, unsupported=True)
        try:
            ordered = resolve(list(self.loaded))
        except BaseException as exc:  # noqa: B036
            error = {"type": type(exc).__name__, "message": runner._short(str(exc))}
            if p.CircularError is not None and isinstance(exc, p.CircularError):
                error["cycle"] = runner.json_safe(getattr(exc, "cycle", None))
            if p.MissingError is not None and isinstance(exc, p.MissingError):
                error["plugin"] = runner.json_safe(getattr(exc, "plugin_name", None))
                error["missing"] = runner.json_safe(getattr(exc, "missing_dependencies", None))
            return send("dependencies", order=None, error=error)
        names = []
        for plugin in ordered:
            value = read_value(plugin, "name")
            names.append(value.get("value"))
        send("dependencies", order=names, error=None)


def main():
    runner.open_protocol("floe_verify")
    try:
        req = json.loads(sys.argv[1])
    except (IndexError, ValueError) as exc:
        send("result", fatal={"kind": "bad-request", "message": "bad verify request: %s" % exc})
        os._exit(2)
    faulthandler.enable(file=sys.stderr)
    threading.Thread(target=runner.watch_parent, daemon=True).start()
    sys.dont_write_bytecode = True
    # This script's folder must not shadow anything the platform imports.
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != HERE]
    try:
        platform = Platform()
    except BaseException as exc:  # noqa: B036
        send("result", fatal=import_failure(exc))
        os._exit(0)
    send("floe_core", path=platform.path, version=platform.version, apiVersion=platform.api_version,
         missing=platform.missing, python=sys.executable)
    send("ready", python="%d.%d.%d" % sys.version_info[:3], pid=os.getpid())
    try:
        Verification(req, platform).run()
    except BaseException as exc:  # noqa: B036 — never end without a result
        etype, msg = runner.describe(exc)
        send("result", fatal={"kind": "verify-error", "message": "%s: %s" % (etype, msg)})
    runner.finish()


if __name__ == "__main__":
    main()
