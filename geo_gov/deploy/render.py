"""Render the deployment's nginx site and systemd units from templates/ (@NAME@ placeholders).

Values that Django also enforces come from the settings, so nginx and the app cannot disagree:
the request size limit, the HSTS header, where static files and photos are, the internal photo
prefix. Used by deploy.sh (`python -m geo_gov.deploy.render --out DIR ...`, with /etc/geo_gov/env
loaded) and by the HTTPS test, which runs nginx on loopback with the very same site file.
"""

import argparse
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_gov.settings")
APP_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).resolve().parent / "templates"
SYSTEMD_UNITS = [
    "geo_gov.socket",
    "geo_gov.service",
    "geo_gov-maintenance.service",
    "geo_gov-maintenance.timer",
]
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


@dataclass
class Site:
    """Where and how this server is reached; the rest comes from Django's settings."""

    server_names: list[str]
    tls_cert: str
    tls_key: str
    https_listen: str = "443"
    http_listen: str = "80"
    upstream: str = "unix:/run/geo_gov.sock"
    app_dir: str = str(APP_DIR)
    env_file: str = "/etc/geo_gov/env"
    service_user: str = "geo_gov"
    nginx_user: str = "www-data"
    state_dir: str = "/var/lib/geo_gov"
    backup_dir: str = "/var/backups/geo_gov"

    @property
    def https_port(self) -> int:
        return int(self.https_listen.rsplit(":", 1)[-1])


def render(template: str, values: dict[str, str]) -> str:
    """Fill every @NAME@; a placeholder without a value is an error, never left in a config."""
    missing = sorted(set(_PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)


def hsts_header() -> str:
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    return value + "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else value


def too_large_message() -> str:
    mb = 1024 * 1024
    text = (
        f"上传内容过大：每次请求最多 {settings.REQUEST_MAX_BYTES / mb:.0f} MB"
        f"（每张照片最多 {settings.COMPLAINT_PHOTO_MAX_BYTES / mb:.0f} MB）。"
        f" Upload too large: at most {settings.REQUEST_MAX_BYTES / mb:.0f} MB per request."
    )
    # Inside a JSON string inside a single-quoted nginx string.
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("'", "’")


def values(site: Site) -> dict[str, str]:
    prefix = settings.MEDIA_ACCEL_PREFIX
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"MEDIA_ACCEL_PREFIX must be a path like /_protected_media/, got {prefix!r}")
    return {
        "SERVER_NAMES": " ".join(site.server_names),
        "HTTPS_LISTEN": site.https_listen,
        "HTTP_LISTEN": site.http_listen,
        "HTTPS_PORT_SUFFIX": "" if site.https_port == 443 else f":{site.https_port}",
        "TLS_CERT": site.tls_cert,
        "TLS_KEY": site.tls_key,
        "UPSTREAM": site.upstream,
        "SOCKET": site.upstream.removeprefix("unix:"),
        "CLIENT_MAX_BODY_SIZE": str(settings.REQUEST_MAX_BYTES),
        "TOO_LARGE_MESSAGE": too_large_message(),
        "STATIC_ROOT": str(settings.STATIC_ROOT).rstrip("/"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT).rstrip("/"),
        "MEDIA_ACCEL_PREFIX": settings.MEDIA_ACCEL_PREFIX,
        "HSTS": hsts_header(),
        "APP_DIR": site.app_dir,
        "ENV_FILE": site.env_file,
        "SERVICE_USER": site.service_user,
        "NGINX_USER": site.nginx_user,
        "STATE_DIR": site.state_dir,
        "BACKUP_DIR": site.backup_dir,
    }


def nginx_site(site: Site) -> str:
    return render((TEMPLATES / "nginx-site.conf.in").read_text(), values(site))


def write_all(site: Site, out: Path) -> list[Path]:
    """The nginx site (geo_gov.conf) and the systemd units, written into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    filled = values(site)
    files = {"geo_gov.conf": nginx_site(site)}
    files |= {name: render((TEMPLATES / f"{name}.in").read_text(), filled) for name in SYSTEMD_UNITS}
    for name, text in files.items():
        (out / name).write_text(text)
    return [out / name for name in files]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Render nginx and systemd files for geo_gov (geo_gov/deploy/).")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--names", required=True, help="server names and addresses, space-separated")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--https-listen", default="443")
    parser.add_argument("--http-listen", default="80")
    parser.add_argument("--upstream", default="unix:/run/geo_gov.sock")
    parser.add_argument("--app-dir", default=str(APP_DIR))
    args = parser.parse_args(argv)
    site = Site(
        args.names.split(), args.cert, args.key, args.https_listen, args.http_listen, args.upstream, args.app_dir
    )
    for path in write_all(site, args.out):
        print(path)


if __name__ == "__main__":
    import django

    django.setup()
    main()
