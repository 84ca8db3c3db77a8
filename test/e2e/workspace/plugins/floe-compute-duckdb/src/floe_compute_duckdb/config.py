from pydantic import BaseModel, ConfigDict, Field


class DuckDBConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(default=":memory:", description="Database file, or :memory:")
    threads: int = Field(default=4, ge=1, le=64, description="Worker threads")
