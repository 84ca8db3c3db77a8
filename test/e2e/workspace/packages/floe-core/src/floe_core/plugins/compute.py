"""The ComputePlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec
from floe_core.plugin_metadata import PluginMetadata


class ComputePlugin(PluginMetadata):
    """The methods every Compute plugin implements."""

    @property
    @abstractmethod
    def is_self_hosted(self) -> bool:
        """True when the platform runs this engine itself, False when it connects to one run elsewhere."""

    @abstractmethod
    def generate_dbt_profile(self, config: ComputeConfig) -> dict[str, Any]:
        """Return the profiles.yml target dbt uses to reach this engine.

        The platform writes it under the product's profile name.
        """

    @abstractmethod
    def get_required_dbt_packages(self) -> list[str]:
        """List the Python packages dbt needs to use this engine (its dbt adapter first)."""

    @abstractmethod
    def validate_connection(self, config: ComputeConfig) -> ConnectionResult:
        """Connect with this config and report whether it worked, and why not."""

    @abstractmethod
    def get_resource_requirements(self, workload_size: str) -> ResourceSpec:
        """Give the CPU and memory a job of this workload size needs."""
