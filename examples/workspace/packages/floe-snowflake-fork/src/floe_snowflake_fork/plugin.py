from floe_core.plugins import ComputePlugin


class ForkedSnowflake(ComputePlugin):
    """A fork that kept the original's name: a duplicate of the installed floe-snowflake."""

    name = "snowflake"
    version = "1.0.1"
    floe_api_version = "1.0"
