"""Floe plugin runner: imports ONE plugin in the author's Python and runs its hooks.

Standard library only, Python 3.10+. Started by the Floe tools (one process per plugin):

    python floe_runner.py '<request json>'

The request is a JSON object:
    {"mode": "health" | "schema",
     "target": "module.path:Attr",
     "importRoots": ["/abs/src", ...],      # put first on sys.path
     "config": {...} | null,                 # the manifest's config for the plugin, as written
     "emptyConfig": bool,                    # no manifest config: configure with {} (floe's runtime
                                             # does so for catalog, storage, semantic, lineage)
     "category": "catalog",                  # for messages
     "healthTimeout": 5.0,                   # seconds, passed as health_check(timeout=...)
     "hooks": ["startup", "health_check", "shutdown"]}

Protocol: JSON lines written to file descriptor 3 (never stdout/stderr, which the plugin may
use freely; the caller captures them). Events:
    {"event": "ready", "python": "3.11.7", "pid": 123}   # interpreter and runner started
    {"event": "phase", "phase": "import" | "instantiate" | "configure"}
    {"event": "created", "how": "cls()" | "cls(config=…)" | ...}
    {"event": "configured", "configured": bool, "source": "manifest" | "runtime-default" | "none",
     "note": str?, "errors": [{"field", "message", "type"}]?}
    {"event": "hook_start", "hook": "health_check"}
    {"event": "hook_end", "hook": ..., "ok": bool, "durationMs": float, "error": str?}
    {"event": "result", "state": ..., "message": ..., "details": {...}, "error": {...}?,
     "failure": "import"?, "missing": str?, "importedBy": str?}
    {"event": "schema", "schema": {...} | null, "error": str?, "failure": "import"?, "missing": str?,
     "importedBy": str?}
`failure: "import"` says importing the plugin raised (its code never ran); for a module that is not
installed, `missing` is its name as Python gave it and `importedBy` the module whose import
statement failed (e.g. `floe_core.plugins.dependencies`).

Creation and configuration follow floe-core's loader and registry: `cls()`; only when that raises
a TypeError mentioning a missing config, `cls(config=<config>)` (floe passes a placeholder there;
this runner passes the config validated with the plugin's model, so the check means something).
Then, when there is a config: `schema = plugin.get_config_schema()`; None -> the config is ignored
and configure() is not called; else `plugin.configure(schema(**config))`, and a validation error
ends the run with pydantic's field-level errors (no hook runs).

Lifecycle policy: startup -> health_check -> shutdown. When startup fails, health_check is not
called (the plugin never became active) but shutdown is still attempted, as a platform would
clean up a plugin whose activation failed. health_check gets `timeout=<seconds>` when it has a
`timeout` parameter (floe's PluginMetadata signature), else no argument. The caller applies the
time budget of each phase (it kills the whole process group when one runs over), so this script
keeps no timers. The interpreter's own start-up ends with "ready": it is not part of any plugin
budget (the caller has a separate start-up limit for interpreters that never get there).
The process always ends with os._exit so threads the plugin left behind cannot keep it alive.
"""

import enum
import faulthandler
import importlib
import inspect
import json
import os
import sys
import threading
import time
import traceback

PROTOCOL_FD = 3
RUNNER_FILE = os.path.abspath(__file__)
MAX_FRAMES = 8
MAX_TEXT = 2000
STATES = ("healthy", "degraded", "unhealthy")

_out = None
_lock = threading.Lock()


def send(event, **fields):
    """Write one protocol line to fd 3 (thread safe, flushed at once)."""
    fields["event"] = event
    line = json.dumps(fields, default=_json_default, ensure_ascii=False) + "\n"
    with _lock:
        try:
            _out.write(line)
            _out.flush()
        except (OSError, ValueError):
            os._exit(3)  # the caller is gone


def _json_default(value):
    return _short(repr(value))


def _short(text, limit=MAX_TEXT):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "... [truncated]"


def json_safe(value, depth=0):
    """Details may hold anything: turn them into plain JSON data (bounded)."""
    if depth > 6:
        return _short(repr(value), 200)
    if value is None or isinstance(value, (bool, int, float)):
        if isinstance(value, float) and value != value:  # NaN is not JSON
            return "NaN"
        return value
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, enum.Enum):
        return json_safe(value.value, depth + 1)
    if isinstance(value, dict):
        out = {}
        for i, (k, v) in enumerate(value.items()):
            if i >= 200:
                out["..."] = "%d more keys" % (len(value) - 200)
                break
            out[str(k)] = json_safe(v, depth + 1)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        return [json_safe(v, depth + 1) for v in items[:200]]
    if hasattr(value, "model_dump"):
        try:
            return json_safe(value.model_dump(), depth + 1)
        except Exception:
            pass
    return _short(repr(value))


# ---------------------------------------------------------------- errors and tracebacks

def own_dirs(import_roots, module_name):
    """Folders holding the plugin's own files: its import roots and its top package."""
    dirs = [os.path.abspath(r) for r in import_roots]
    top = sys.modules.get(module_name.split(".")[0]) if module_name else None
    f = getattr(top, "__file__", None)
    if f:
        dirs.append(os.path.dirname(os.path.abspath(f)))
    return [d.rstrip(os.sep) + os.sep for d in dirs]


def frames_of(exc, dirs):
    """The traceback's last frames in the plugin's own files (else the last frames at all)."""
    frames = [
        fr for fr in traceback.extract_tb(exc.__traceback__)
        if os.path.abspath(fr.filename) != RUNNER_FILE
    ]
    own = [fr for fr in frames if any(os.path.abspath(fr.filename).startswith(d) for d in dirs)]
    chosen = (own or frames)[-MAX_FRAMES:]
    return [{"file": os.path.abspath(fr.filename), "line": fr.lineno or 0, "function": fr.name} for fr in chosen]


def describe(exc):
    """(type name, message) of an exception."""
    if isinstance(exc, SystemExit):
        return "SystemExit", "sys.exit(%r)" % (exc.code,)
    return type(exc).__name__, _short(str(exc))


def what(exc):
    """`raised Type: message`, with sys.exit and interrupts named for what they are."""
    etype, msg = describe(exc)
    if isinstance(exc, SystemExit):
        return "called " + msg
    return "raised %s: %s" % (etype, msg) if msg else "raised " + etype


def error_info(exc, dirs):
    etype, msg = describe(exc)
    return {"type": etype, "message": msg, "traceback": frames_of(exc, dirs)}


def import_failure(exc):
    """The `failure` fields of an exception raised while importing the plugin."""
    fields = {"failure": "import"}
    if isinstance(exc, ModuleNotFoundError) and getattr(exc, "name", None):
        fields["missing"] = exc.name
        by = importing_module(exc)
        if by:
            fields["importedBy"] = by
    return fields


def importing_module(exc):
    """The module whose code ran the failing import: the innermost frame outside importlib and this runner."""
    name = None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if not code.co_filename.startswith("<frozen importlib") and os.path.abspath(code.co_filename) != RUNNER_FILE:
            name = tb.tb_frame.f_globals.get("__name__")
        tb = tb.tb_next
    return name if isinstance(name, str) else None


def import_hint(exc):
    """`No module named 'x' — is x installed in /path/python?`"""
    name = getattr(exc, "name", None) or ""
    if not name:
        return _short(str(exc))
    top = name.split(".")[0]
    dist = top.replace("_", "-")
    return "No module named %r — is %s installed in %s?" % (name, dist, sys.executable)


# ---------------------------------------------------------------- loading the plugin

def load_target(target):
    module_name, _, attr = target.partition(":")
    module_name = module_name.strip()
    obj = importlib.import_module(module_name)
    for part in [p for p in attr.strip().split(".") if p]:
        obj = getattr(obj, part)
    return module_name, obj


class Failure(Exception):
    """Ends a run before the hooks with an unhealthy result."""

    def __init__(self, message, exc=None):
        super().__init__(message)
        self.message = message
        self.exc = exc


# Where the config the plugin gets comes from (`configSource` in the result's details).
FROM_MANIFEST = "manifest"
RUNTIME_DEFAULT = "runtime-default"  # no manifest config; floe's runtime configures with {}
NO_CONFIG = "none"


def plugin_config(req):
    """(config, source): the manifest's config, else {} where floe's runtime uses it, else None."""
    config = req.get("config")
    if isinstance(config, dict):
        return config, FROM_MANIFEST
    if req.get("emptyConfig"):
        return {}, RUNTIME_DEFAULT
    return None, NO_CONFIG


def type_name(obj):
    return getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or type(obj).__name__


def validation_errors(exc):
    """A pydantic ValidationError as floe's PluginConfigurationError lists it (one dict per error:
    dotted field path, message, type); None for any other exception."""
    errors = getattr(exc, "errors", None)
    if type(exc).__name__ != "ValidationError" or not callable(errors):
        return None
    try:
        items = list(errors())
    except Exception:
        return None
    return [
        {
            "field": ".".join(str(part) for part in (e.get("loc") or ())),
            "message": _short(e.get("msg", "Unknown error")),
            "type": str(e.get("type", "unknown")),
        }
        for e in items if isinstance(e, dict)
    ]


def validate(model, config, source, category):
    """`model(**config)`, as floe's registry validates; field errors end the run."""
    try:
        return model(**config)
    except BaseException as exc:  # noqa: B036
        errors = validation_errors(exc)
        if errors is None:
            raise Failure("validating the config with %s %s" % (type_name(model), what(exc)), exc)
        count = "1 error" if len(errors) == 1 else "%d errors" % len(errors)
        send("configured", configured=False, source=source, errors=errors)
        if source == RUNTIME_DEFAULT:
            raise Failure(
                "no manifest config: floe configures %s plugins with {} at run time, which is invalid "
                "for %s (%s); add a config: for this plugin in the manifest"
                % (category or "these", type_name(model), count)
            )
        raise Failure("the manifest config is invalid for %s (%s); no hook was run" % (type_name(model), count))


def is_model(value):
    return inspect.isclass(value) and callable(getattr(value, "model_validate", None) or getattr(value, "parse_obj", None))


def constructor_signature(cls):
    for kwargs in ({"eval_str": True}, {}):
        try:
            return inspect.signature(cls, **kwargs)
        except Exception:
            continue
    return None


def annotated_model(cls):
    """The Pydantic model the constructor's `config` parameter is annotated with (`X | None` too)."""
    sig = constructor_signature(cls)
    param = sig.parameters.get("config") if sig else None
    if param is None:
        return None
    ann = param.annotation
    candidates = [ann] + list(getattr(ann, "__args__", None) or ())
    return next((c for c in candidates if is_model(c)), None)


def constructor_model(cls):
    """The model that validates a config for the constructor: get_config_schema() (asked of the
    class, or of an instance made without __init__), else the `config` parameter's annotation."""
    fn = getattr(bare_instance(cls), "get_config_schema", None)
    if callable(fn):
        try:
            model = fn()
            if is_model(model):
                return model
        except BaseException:  # noqa: B036 — it may need the constructor's state; fall back
            pass
    return annotated_model(cls)


def wants_config(exc):
    """floe's loader test for retrying with a config."""
    text = str(exc)
    return "missing" in text and "config" in text


def create(obj, config, source, category):
    """(instance, how) the way floe's PluginLoader does it: cls(), then cls(config=...) when that
    raises a TypeError about a missing config. floe passes a placeholder there; the config is
    passed here, validated with the plugin's model."""
    if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        return obj, "the entry point's object (not called)"
    try:
        return obj(), "cls()"
    except TypeError as exc:
        if not wants_config(exc):
            raise Failure("creating the plugin with cls() %s" % what(exc), exc)
        first = exc
    except BaseException as exc:  # noqa: B036
        raise Failure("creating the plugin with cls() %s" % what(exc), exc)
    if config is None:
        sig = constructor_signature(obj)
        if sig is not None and "config" not in sig.parameters:
            raise Failure("creating the plugin with cls() %s" % what(first), first)
        raise Failure("%s() requires the parameter 'config'; add a config: for this plugin in the manifest"
                      % type_name(obj))
    model = constructor_model(obj)
    value = validate(model, config, source, category) if model is not None else config
    try:
        return obj(config=value), "cls(config=…)"
    except TypeError as exc:  # floe gives up with the first TypeError
        raise Failure("creating the plugin: cls() %s; cls(config=…) %s" % (what(first), what(exc)), first)
    except BaseException as exc:  # noqa: B036
        raise Failure("creating the plugin with cls(config=…) %s" % what(exc), exc)


def configure(instance, config, source, category, how):
    """floe's PluginRegistry.configure: get_config_schema(); None -> the config is ignored and
    configure() is not called; else configure(schema(**config)). Reports what happened."""
    if config is None:
        return send("configured", configured=False, source=source,
                    note="no manifest config for this plugin; configure() was not called")
    fn = getattr(instance, "get_config_schema", None)
    if not callable(fn):
        raise Failure("the plugin has no get_config_schema() (floe's PluginMetadata provides it), "
                      "so its config cannot be applied")
    try:
        model = fn()
    except BaseException as exc:  # noqa: B036
        raise Failure("get_config_schema() %s" % what(exc), exc)
    if model is None:
        note = "get_config_schema() returned None: floe ignores the config and does not call configure()"
        if how != "cls()":
            note += " (the constructor received it)"
        return send("configured", configured=False, source=source, note=note)
    validated = validate(model, config, source, category)
    fn = getattr(instance, "configure", None)
    if not callable(fn):
        raise Failure("the plugin has no configure() (floe's PluginMetadata provides it), "
                      "so its config cannot be applied")
    try:
        fn(validated)
    except BaseException as exc:  # noqa: B036
        raise Failure("configure() %s" % what(exc), exc)
    send("configured", configured=True, source=source)


def accepts_timeout(fn):
    """Whether health_check has a `timeout` parameter (floe's PluginMetadata signature)."""
    try:
        param = inspect.signature(fn).parameters.get("timeout")
    except (TypeError, ValueError):
        return False
    return param is not None and param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)


def is_overridden(instance, name):
    """Whether `name` comes from the plugin rather than floe's PluginMetadata (or floe-core)."""
    for klass in type(instance).__mro__:
        if name in vars(klass):
            module = getattr(klass, "__module__", "") or ""
            return not (klass.__name__ == "PluginMetadata" or module.split(".")[0] == "floe_core")
    return False


# ---------------------------------------------------------------- health status

def read_state(value):
    """`HealthState.X` (enum), its value, its name or a plain string -> `healthy` ..."""
    raw = getattr(value, "value", value)
    if not isinstance(raw, str):
        raw = getattr(value, "name", raw)
    text = str(raw).strip().lower()
    if "." in text:
        text = text.rsplit(".", 1)[1]
    return text


def read_status(status):
    """Duck-typed HealthStatus (or dict / bool / None) -> (state, message, details, note)."""
    if status is None:
        return ("unhealthy", "health_check() returned None instead of a HealthStatus", {}, "None")
    if isinstance(status, bool):
        return ("healthy" if status else "unhealthy", "health_check() returned %r" % status, {}, "bool")
    if isinstance(status, dict):
        state, message, details, kind = status.get("state"), status.get("message", ""), status.get("details", {}), "dict"
    elif hasattr(status, "state"):
        state = status.state
        message = getattr(status, "message", "")
        details = getattr(status, "details", {})
        kind = None
    else:
        return ("unhealthy", "health_check() returned %s, not a HealthStatus" % type(status).__name__,
                {"returned": json_safe(status)}, type(status).__name__)
    text = read_state(state)
    details = json_safe(details) if details is not None else {}
    if not isinstance(details, dict):
        details = {"details": details}
    if text not in STATES:
        return ("unhealthy", "health_check() returned an unknown state %r" % _short(text, 100), details, kind)
    return (text, "" if message is None else _short(message), details, kind)


# ---------------------------------------------------------------- running

def call_hook(instance, hook, dirs, timeout=None):
    """Run one hook; report its start and end. Returns (ok, value, exception). health_check gets
    `timeout` when it has that parameter."""
    send("hook_start", hook=hook)
    start = time.perf_counter()
    fn = getattr(instance, hook, None)
    try:
        if not callable(fn):
            value = None
        elif hook == "health_check" and timeout is not None and accepts_timeout(fn):
            value = fn(timeout=timeout)
        else:
            value = fn()
    except BaseException as exc:  # noqa: B036 — sys.exit and KeyboardInterrupt are results too
        ms = (time.perf_counter() - start) * 1000
        send("hook_end", hook=hook, ok=False, durationMs=ms, error=what(exc))
        return False, None, exc
    ms = (time.perf_counter() - start) * 1000
    send("hook_end", hook=hook, ok=True, durationMs=ms)
    return True, value, None


def run_health(req):
    roots = req.get("importRoots") or []
    hooks = req.get("hooks") or ["health_check"]
    module_name = ""
    send("phase", phase="import")
    try:
        module_name, obj = load_target(req["target"])
    except ModuleNotFoundError as exc:
        return send("result", state="unhealthy", message=import_hint(exc), details={},
                    error=error_info(exc, own_dirs(roots, "")), **import_failure(exc))
    except BaseException as exc:  # noqa: B036
        return send("result", state="unhealthy", message="importing %s %s" % (req["target"], what(exc)),
                    details={}, error=error_info(exc, own_dirs(roots, module_name)), **import_failure(exc))
    dirs = own_dirs(roots, module_name)
    config, source = plugin_config(req)
    category = req.get("category")
    try:
        send("phase", phase="instantiate")
        instance, how = create(obj, config, source, category)
        send("created", how=how)
        send("phase", phase="configure")
        configure(instance, config, source, category, how)
    except Failure as f:
        return send("result", state="unhealthy", message=f.message, details={},
                    error=error_info(f.exc, dirs) if f.exc is not None else None)
    timeout = req.get("healthTimeout")
    timeout = float(timeout) if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) else None

    state, message, details, error = "healthy", "", {}, None
    failed = None  # (hook, exception) of the first failing hook
    for hook in hooks:
        if hook == "health_check" and failed is not None:
            continue  # startup failed: the plugin never became active
        if hook == "health_check" and not callable(getattr(instance, hook, None)):
            send("hook_start", hook=hook)
            send("hook_end", hook=hook, ok=True, durationMs=0)
            message, details = "no health_check(); default healthy", {"default": True}
            continue
        ok, value, exc = call_hook(instance, hook, dirs, timeout)
        if not ok:
            if failed is None:
                failed = (hook, exc)
            continue
        if hook == "health_check":
            state, message, details, kind = read_status(value)
            if kind:
                details = dict(details, returnedType=kind)
            if not is_overridden(instance, "health_check"):
                details = dict(details, default=True)
                message = message or "default health_check() (not overridden): healthy"
    if failed is not None:
        hook, exc = failed
        state, message = "unhealthy", "%s() %s" % (hook, what(exc))
        error = error_info(exc, dirs)
    send("result", state=state, message=message, details=details, error=error)


def bare_instance(obj):
    """The class itself when get_config_schema is a class/static method, else an instance made
    without running __init__ (get_config_schema() rarely needs the constructor's state)."""
    if not inspect.isclass(obj):
        return obj
    static = inspect.getattr_static(obj, "get_config_schema", None)
    if isinstance(static, (classmethod, staticmethod)):
        return obj
    try:
        return obj.__new__(obj)
    except BaseException:  # noqa: B036 — abstract classes and odd __new__s
        return obj


def run_schema(req):
    """get_config_schema() -> model_json_schema() (instance first, else the class)."""
    send("phase", phase="import")
    try:
        _, obj = load_target(req["target"])
    except BaseException as exc:  # noqa: B036
        etype, msg = describe(exc)
        return send("schema", schema=None, error="%s: %s" % (etype, msg), **import_failure(exc))
    send("phase", phase="instantiate")
    try:
        holder = obj() if inspect.isclass(obj) or inspect.isfunction(obj) else obj
    except BaseException:  # noqa: B036 — e.g. a constructor that requires a config
        holder = bare_instance(obj)
    fn = getattr(holder, "get_config_schema", None)
    if not callable(fn):
        return send("schema", schema=None, error="no get_config_schema()")
    try:
        model = fn()
        if model is None:
            return send("schema", schema=None)
        if hasattr(model, "model_json_schema"):
            return send("schema", schema=model.model_json_schema())
        if hasattr(model, "schema"):
            return send("schema", schema=model.schema())
        return send("schema", schema=None, error="get_config_schema() returned %s, not a Pydantic model"
                    % type(model).__name__)
    except BaseException as exc:  # noqa: B036
        etype, msg = describe(exc)
        return send("schema", schema=None, error="%s: %s" % (etype, msg))


def watch_parent():
    """End when the tools that started us are gone (no orphans left running plugin code)."""
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(4)


def open_protocol(script):
    """The protocol pipe on fd 3 (plugin subprocesses must not hold it); exit 2 when it is not open."""
    global _out
    try:
        os.set_inheritable(PROTOCOL_FD, False)
        _out = os.fdopen(PROTOCOL_FD, "w", encoding="utf-8", buffering=1)
    except OSError:
        sys.stderr.write("%s: protocol descriptor 3 is not open\n" % script)
        os._exit(2)


def finish():
    """Flush what the plugin printed and end at once (threads it left behind cannot keep us)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(0)


def main():
    sys.dont_write_bytecode = True  # leave no __pycache__ in the author's tree
    open_protocol("floe_runner")
    try:
        req = json.loads(sys.argv[1])
    except (IndexError, ValueError) as exc:
        send("result", state="unhealthy", message="bad runner request: %s" % exc, details={})
        os._exit(2)
    faulthandler.enable(file=sys.stderr)
    threading.Thread(target=watch_parent, daemon=True).start()
    # The runner's own folder must not shadow the plugin's modules.
    here = os.path.dirname(RUNNER_FILE)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    for root in reversed(req.get("importRoots") or []):
        sys.path.insert(0, root)
    send("ready", python="%d.%d.%d" % sys.version_info[:3], pid=os.getpid())
    try:
        if req.get("mode") == "schema":
            run_schema(req)
        else:
            run_health(req)
    except BaseException as exc:  # noqa: B036 — never crash without a result
        etype, msg = describe(exc)
        send("result", state="unhealthy", message="runner error: %s: %s" % (etype, msg), details={})
    finish()


if __name__ == "__main__":
    main()
