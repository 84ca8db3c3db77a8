"""The SecretsPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from floe_core.plugin_metadata import PluginMetadata


class SecretsPlugin(PluginMetadata):
    """The methods every Secrets plugin implements."""

    @abstractmethod
    def get_secret(self, key: str) -> str | None:
        """Return the secret stored under this key, or None when there is none."""

    @abstractmethod
    def set_secret(self, key: str, value: str, metadata: dict[str, Any] | None = None) -> None:
        """Store a secret under this key, with optional metadata."""

    @abstractmethod
    def list_secrets(self, prefix: str = "") -> list[str]:
        """List the keys of the stored secrets, or those starting with prefix."""
