"""gunicorn settings for production (geo_gov/deploy/templates/geo_gov.service.in).

Under systemd the socket comes from geo_gov.socket (socket activation: gunicorn finds LISTEN_FDS and
ignores `bind`); GUNICORN_BIND is for running it by hand or in a test.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/geo_gov.sock")
# Sync workers: the work is CPU and database bound. Three fit a 2-core server with PostgreSQL
# beside them; nginx buffers slow clients, so a worker is never held by a weak phone signal.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A whole-layer export can take a while; nginx waits 300 s (proxy_read_timeout) too.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
# Each worker restarts after this many requests (with jitter), so a slow leak never builds up.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# Only nginx connects, over the socket; it sets X-Forwarded-Proto (Django reads it:
# SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = "*" if bind.startswith("unix:") else "127.0.0.1,::1"
