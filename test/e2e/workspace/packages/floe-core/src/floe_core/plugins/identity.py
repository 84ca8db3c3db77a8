"""The IdentityPlugin interface."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any

from floe_core.plugin_metadata import PluginMetadata


@dataclass
class UserInfo:
    subject: str
    email: str = ""


@dataclass
class TokenValidationResult:
    valid: bool
    user_info: UserInfo | None = None


class IdentityPlugin(PluginMetadata):
    """The methods every Identity plugin implements."""

    @abstractmethod
    def authenticate(self, credentials: dict[str, Any]) -> str | None:
        """Check these credentials; return an access token, or None when they are refused."""

    @abstractmethod
    def get_user_info(self, token: str) -> UserInfo | None:
        """Return the token's user, or None when the token is not valid."""

    @abstractmethod
    def validate_token(self, token: str) -> TokenValidationResult:
        """Say whether a token is valid, and for whom."""
