import os
import time
from pathlib import Path
from typing import Any

from floe_core.compute_config import ComputeConfig, ConnectionResult, ResourceSpec
from floe_core.plugin_metadata import HealthState, HealthStatus
from floe_core.plugins import ComputePlugin

# The folder root: plugins/floe-compute-sleepy/src/floe_compute_sleepy/plugin.py -> 4 levels up.
PID_FILE = Path(__file__).resolve().parents[4] / ".sleepy.pid"


class SleepyPlugin(ComputePlugin):
    """A health check that hangs until the run is cancelled."""

    @property
    def name(self) -> str:
        return "sleepy"

    @property
    def version(self) -> str:
        return "0.4.0"

    @property
    def floe_api_version(self) -> str:
        return "1.0"

    def health_check(self) -> HealthStatus:
        PID_FILE.write_text(str(os.getpid()))
        time.sleep(120)
        return HealthStatus(state=HealthState.HEALTHY, message="woke up")

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
