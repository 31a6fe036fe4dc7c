"""REST API and dashboard server over a Strife store (``strife serve``)."""

from strife.api.app import ApiConfig, create_app

__all__ = ["ApiConfig", "create_app"]
