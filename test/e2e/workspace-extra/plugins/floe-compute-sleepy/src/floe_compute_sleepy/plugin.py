import os
import time
from pathlib import Path

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
