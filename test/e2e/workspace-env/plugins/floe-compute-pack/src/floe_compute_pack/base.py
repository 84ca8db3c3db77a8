"""What the pack's compute plugins share: the ComputePlugin members, answered as a local engine would."""
from typing import Any

from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec
from floe_core.plugins import ComputePlugin


class PackComputePlugin(ComputePlugin):
    @property
    def is_self_hosted(self) -> bool:
        return True

    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:
        return {"type": self.name, "threads": config.threads}

    def get_required_dbt_packages(self) -> list[str]:
        return [f"dbt-{self.name}"]

    def validate_connection(self, config: ComputeConfig) -> ConnectionResult:
        return ConnectionResult(status="connected")

    def get_resource_requirements(self, workload_size: str) -> ResourceSpec:
        return ResourceSpec()
