from floe_compute_sleepy.plugin import SleepyPlugin

__all__ = ["SleepyPlugin"]
