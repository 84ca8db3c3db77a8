import importlib.metadata

from floe_core.plugins import StoragePlugin


class NotAPlugin:
    name = "notplugin"


class HalfDone(StoragePlugin):
    name = "halfdone"
    floe_api_version = "1.0"


class Dynamic(StoragePlugin):
    name = "dyn"
    version = importlib.metadata.version("floe-broken")
    floe_api_version = "1.0"


class BadVersions(StoragePlugin):
    name = "badver"
    version = "1.0"
    floe_api_version = "one"


class Fine(StoragePlugin):
    name = "typo"
    version = "0.0.1"
    floe_api_version = "1.0"
