from typing import Any

from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec
from floe_core.plugins import ComputePlugin


class DeepPlugin(ComputePlugin):
    """A compute plugin that lives deep in its monorepo."""

    @property
    def name(self) -> str:
        return "deep"

    @property
    def version(self) -> str:
        return "0.5.0"

    @property
    def floe_api_version(self) -> str:
        return "1.0"

    @property
    def is_self_hosted(self) -> bool:
        return True

    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:
        return {}

    def get_required_dbt_packages(self) -> list[str]:
        return []

    def validate_connection(self, config: ComputeConfig) -> ConnectionResult:
        return ConnectionResult(status="connected")

    def get_resource_requirements(self, workload_size: str) -> ResourceSpec:
        return ResourceSpec()
