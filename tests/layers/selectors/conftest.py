"""The service tests' world and categories serve the selector tests too."""

from tests.layers.services.conftest import categories, world  # noqa: F401
