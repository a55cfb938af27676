"""The service tests' world and categories serve the admin tests too."""

from tests.layers.services.conftest import categories, world  # noqa: F401
