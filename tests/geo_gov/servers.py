"""The production stack on loopback for the HTTPS tests: the deployment's own certificate code
(geo_gov/deploy/tls.py), its env file (envfile.py), gunicorn with its config under the production
settings, and nginx with the rendered site file (render.py) inside a small main config of its own
(its own prefix, pid and logs in a temporary folder; nothing of the system's nginx is touched)."""

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from geo_gov.deploy import envfile, tls

SERVER_NAME = "wulidian-gov.test"  # resolved to 127.0.0.1 by the clients themselves
NGINX = "/usr/sbin/nginx"
MAIN_CONF = """\
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    sendfile on;
    include {dir}/geo_gov.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} exited with {process.returncode}: {process.stdout.read() if process.stdout else ''}"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not ready within {seconds} s")
        time.sleep(0.05)


@dataclass
class Stack:
    https_url: str
    http_url: str
    https_port: int
    certificates: tls.Certificates
    env: dict
    media: Path
    logs: Path


def production_env(work: Path, names: list[str], https_port: int, throttle_cache_url: str) -> dict:
    """The env file `make deploy` would write, pointed at the test database and temporary folders."""
    env_file = work / "env"
    fresh = envfile.defaults(str(settings.BASE_DIR), str(work / "state"), str(work / "backups"))
    envfile.write(env_file, envfile.merged(envfile.read(env_file), fresh, names, https_port))
    values = envfile.read(env_file)
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    values |= {
        "DATABASE_URL": f"postgis://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}",
        "STATIC_ROOT": str(work / "static"),
        "THROTTLE_CACHE_URL": throttle_cache_url,
        "TEST_DB_TEMPLATE": "",
    }
    (work / "state" / "media").mkdir(parents=True, exist_ok=True)
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return base | values | {"DJANGO_SETTINGS_MODULE": "geo_gov.settings", "PYTHONDONTWRITEBYTECODE": "1"}


def start(work: Path, throttle_cache_url: str):
    """Start gunicorn and nginx; yields the Stack, stops both afterwards."""
    https_port, http_port = free_port(), free_port()
    certificates = tls.make_certificates(work / "tls", [SERVER_NAME], ["127.0.0.1"])
    env = production_env(work, [SERVER_NAME, "127.0.0.1"], https_port, throttle_cache_url)
    python = str(settings.BASE_DIR / ".venv" / "bin" / "python")
    # Only the pages' own files: the admin's and the API schema's would double the time.
    skip = [arg for app in ("admin", "drf_spectacular_sidecar", "rest_framework", "gis") for arg in ("-i", app)]
    collect = [python, "manage.py", "collectstatic", "--noinput", "-v0", *skip]
    subprocess.run(collect, env=env, cwd=settings.BASE_DIR, check=True)
    sock = work / "gunicorn.sock"
    gunicorn_env = env | {"GUNICORN_BIND": f"unix:{sock}", "GUNICORN_WORKERS": "2"}
    gunicorn = subprocess.Popen(
        [python, "-m", "gunicorn", "--config", "geo_gov/deploy/gunicorn.conf.py", "geo_gov.wsgi:application"],
        env=gunicorn_env,
        cwd=settings.BASE_DIR,
        stdout=(work / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    nginx = None
    try:
        wait_for(sock.exists, "gunicorn", gunicorn)
        # As deploy.sh does it: the production settings decide the limits and paths in the file.
        rendering = [python, "-m", "geo_gov.deploy.render", "--out", str(work), "--names", f"{SERVER_NAME} 127.0.0.1"]
        rendering += ["--cert", str(certificates.cert), "--key", str(certificates.key), "--upstream", f"unix:{sock}"]
        rendering += ["--https-listen", f"127.0.0.1:{https_port}", "--http-listen", f"127.0.0.1:{http_port}"]
        subprocess.run(rendering, env=env, cwd=settings.BASE_DIR, check=True, capture_output=True)
        user = "user root;" if os.geteuid() == 0 else ""  # workers may then read the temporary folders
        (work / "nginx.conf").write_text(MAIN_CONF.format(user=user, dir=work))
        check = subprocess.run(
            [NGINX, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        nginx = subprocess.Popen(
            [NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_for(lambda: _listening(https_port), "nginx", nginx)
        yield Stack(
            https_url=f"https://{SERVER_NAME}:{https_port}",
            http_url=f"http://{SERVER_NAME}:{http_port}",
            https_port=https_port,
            certificates=certificates,
            env=env,
            media=Path(env["MEDIA_ROOT"]),
            logs=work,
        )
    finally:
        for process in (nginx, gunicorn):
            if process is not None:
                process.send_signal(signal.SIGINT)  # both: stop now, no graceful wait
                process.wait(timeout=30)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
