"""The production settings file, /etc/geo_gov/env (KEY=value lines, read by systemd's EnvironmentFile,
by the geo_gov-manage wrapper and by geo_gov/settings.py through the environment).

Made once by `make deploy`: SECRET_KEY is generated then and kept; a value the operator changed is
kept on every later run, and a key a newer release needs is added with its default. Only the names
the server answers to (ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS) follow the `make deploy` arguments.

    python -m geo_gov.deploy.envfile --file /etc/geo_gov/env --names "gis.wulidian.lan 192.168.10.5" ...
    python -m geo_gov.deploy.envfile --file /etc/geo_gov/env --rotate-secret
"""

import argparse
import secrets
from pathlib import Path

HEADER = """\
# Settings of the geo_gov service (README, "Deploying"). Made by `make deploy`, which keeps what is
# here and adds keys a new release needs; ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS follow its
# SERVER_NAME / SERVER_IP. After an edit: systemctl restart geo_gov
"""


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def origins(names: list[str], https_port: int) -> list[str]:
    port = "" if https_port == 443 else f":{https_port}"
    return [f"https://{name}{port}" for name in names]


def defaults(app_dir: str, state_dir: str, backup_dir: str) -> dict[str, str]:
    return {
        "SECRET_KEY": new_secret_key(),
        "DEBUG": "false",
        "HTTPS": "true",
        # nginx is the one proxy in front (geo_gov/deploy/templates/nginx-site.conf.in).
        "TRUSTED_PROXIES": "1",
        # Peer authentication over PostgreSQL's Unix socket: the service user is the database role,
        # and no password exists to leak.
        "DATABASE_URL": "postgis:///geo_gov",
        "STATIC_ROOT": f"{app_dir}/staticfiles",
        "MEDIA_ROOT": f"{state_dir}/media",
        "MEDIA_ACCEL_PREFIX": "/_protected_media/",
        "FILE_UPLOAD_PERMISSIONS": "0640",
        "FILE_UPLOAD_DIRECTORY_PERMISSIONS": "2750",
        "THROTTLE_CACHE_URL": "pymemcache://127.0.0.1:11211",
        "BACKUP_DIR": backup_dir,
        "BACKUP_KEEP": "14",
        "LOG_LEVEL": "WARNING",
    }


def merged(existing: dict[str, str], fresh: dict[str, str], names: list[str], https_port: int) -> dict[str, str]:
    values = fresh | existing
    values["ALLOWED_HOSTS"] = ",".join([*names, "localhost", "127.0.0.1"])
    values["CSRF_TRUSTED_ORIGINS"] = ",".join(origins(names, https_port))
    return values


def write(path: Path, values: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + "".join(f"{key}={value}\n" for key, value in values.items())
    temporary = path.with_suffix(".new")
    temporary.touch(mode=0o600)
    temporary.write_text(text)
    temporary.replace(path)


def rotate_secret(path: Path) -> None:
    """A new SECRET_KEY; the old one stays valid as a fallback, so nobody is logged out at once."""
    values = read(path)
    if "SECRET_KEY" not in values:
        raise SystemExit(f"{path} has no SECRET_KEY: run `make deploy` first")
    values["SECRET_KEY_FALLBACKS"] = values["SECRET_KEY"]
    values["SECRET_KEY"] = new_secret_key()
    write(path, values)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make or update /etc/geo_gov/env (geo_gov/deploy/envfile.py).")
    parser.add_argument("--file", type=Path, default=Path("/etc/geo_gov/env"))
    parser.add_argument("--names", help="server names and addresses, space-separated")
    parser.add_argument("--https-port", type=int, default=443)
    parser.add_argument("--app-dir", default=str(Path(__file__).resolve().parents[2]))
    parser.add_argument("--state-dir", default="/var/lib/geo_gov")
    parser.add_argument("--backup-dir", default="/var/backups/geo_gov")
    parser.add_argument("--rotate-secret", action="store_true")
    args = parser.parse_args(argv)
    if args.rotate_secret:
        rotate_secret(args.file)
        print(f"{args.file}: new SECRET_KEY (the previous one kept in SECRET_KEY_FALLBACKS)")
        return
    if not args.names:
        parser.error("--names is required")
    fresh = defaults(args.app_dir, args.state_dir, args.backup_dir)
    write(args.file, merged(read(args.file), fresh, args.names.split(), args.https_port))
    print(args.file)


if __name__ == "__main__":
    main()
