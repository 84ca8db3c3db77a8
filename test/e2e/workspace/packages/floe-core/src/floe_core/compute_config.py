"""Settings and results the compute plugins exchange with the platform."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class CatalogConfig(BaseModel):
    catalog_type: str
    catalog_uri: str = ""


class ComputeConfig(BaseModel):
    model_config = ConfigDict(extra="allow")

    plugin: str
    threads: int = Field(default=4, ge=1, le=64)
    timeout_seconds: int = Field(default=3600, ge=1, le=86400)
    connection: dict[str, Any] = Field(default_factory=dict)


class ConnectionResult(BaseModel):
    status: str
    latency_ms: float = 0.0
    message: str = ""


class ResourceSpec(BaseModel):
    cpu_request: str = "100m"
    cpu_limit: str = "1000m"
    memory_request: str = "256Mi"
    memory_limit: str = "2Gi"
