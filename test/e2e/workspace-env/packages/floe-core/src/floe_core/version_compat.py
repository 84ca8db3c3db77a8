FLOE_PLUGIN_API_VERSION: str = "1.0"
FLOE_PLUGIN_API_MIN_VERSION: str = "1.0"


def is_compatible(plugin_api_version: str, platform_api_version: str) -> bool:
    p_major, p_minor = (int(x) for x in plugin_api_version.split("."))
    f_major, f_minor = (int(x) for x in platform_api_version.split("."))
    return p_major == f_major and p_minor <= f_minor
