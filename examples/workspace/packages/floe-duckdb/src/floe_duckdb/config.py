from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class DuckDBConfig(BaseModel):
    """Configuration of the DuckDB compute plugin."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(default=":memory:", description="Database file, or :memory:")
    threads: int = Field(default=4, ge=1, le=64, description="Worker threads")
    memory_limit: str = Field(default="4GB", pattern=r"^\d+(MB|GB)$", description="Memory limit, e.g. 4GB")
    access_mode: Literal["read_only", "read_write"] = "read_write"
