"""Test settings: the real settings (real PostGIS), with a fast password hasher."""

from geo_gov.settings import *  # noqa: F403

# PBKDF2's deliberate slowness only slows the suite; these passwords protect nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the finders too, so tests work before collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
