"""The deployment's files (geo_gov/deploy/): the env file `make deploy` writes passes Django's
`check --deploy` with no warning; it is made once and keeps what the operator changed; SECRET_KEY
rotates with a fallback; the systemd units it renders pass `systemd-analyze verify`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from geo_gov.deploy import envfile

NAMES = ["gis.wulidian.lan", "192.168.10.5"]


def _env_file(tmp_path, https_port=443) -> Path:
    path = tmp_path / "env"
    fresh = envfile.defaults(str(settings.BASE_DIR), str(tmp_path / "state"), str(tmp_path / "backups"))
    envfile.write(path, envfile.merged(envfile.read(path), fresh, NAMES, https_port))
    return path


def _manage(env_file: Path, *args):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "geo_gov.settings", **envfile.read(env_file)}
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)


def test_check_deploy_is_clean_with_the_production_env(tmp_path):
    done = _manage(_env_file(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_fails_without_https(tmp_path):
    path = _env_file(tmp_path)
    values = envfile.read(path) | {"HTTPS": "false"}
    envfile.write(path, values)
    done = _manage(path, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    assert "security.W008" in done.stderr and "security.W012" in done.stderr


def test_the_env_file_is_made_once_and_keeps_edits(tmp_path):
    path = _env_file(tmp_path)
    first = envfile.read(path)
    assert len(first["SECRET_KEY"]) >= 50 and first["DEBUG"] == "false" and first["HTTPS"] == "true"
    assert first["ALLOWED_HOSTS"] == "gis.wulidian.lan,192.168.10.5,localhost,127.0.0.1"
    assert first["CSRF_TRUSTED_ORIGINS"] == "https://gis.wulidian.lan,https://192.168.10.5"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    envfile.write(path, first | {"THROTTLE_EXPORT": "10/hour"})  # an operator's edit
    again = _env_file(tmp_path, https_port=8443)
    values = envfile.read(again)
    assert values["SECRET_KEY"] == first["SECRET_KEY"]
    assert values["THROTTLE_EXPORT"] == "10/hour"
    assert values["CSRF_TRUSTED_ORIGINS"] == "https://gis.wulidian.lan:8443,https://192.168.10.5:8443"


def test_secret_key_rotation_keeps_the_old_key_as_a_fallback(tmp_path):
    path = _env_file(tmp_path)
    old = envfile.read(path)["SECRET_KEY"]
    envfile.rotate_secret(path)
    values = envfile.read(path)
    assert values["SECRET_KEY"] != old and values["SECRET_KEY_FALLBACKS"] == old
    done = _manage(path, "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)")
    assert done.stdout.strip().splitlines()[-1] == f"[{old!r}]"


@pytest.mark.parametrize("unit", ["geo_gov.socket", "geo_gov.service", "geo_gov-maintenance.service"])
def test_the_systemd_units_verify(tmp_path, unit):
    env_file = _env_file(tmp_path)
    env = {"PATH": os.environ["PATH"], **envfile.read(env_file)}
    render = [sys.executable, "-m", "geo_gov.deploy.render", "--out", str(tmp_path / "out"), "--names", " ".join(NAMES)]
    render += ["--cert", "/etc/geo_gov/tls/server.crt", "--key", "/etc/geo_gov/tls/server.key"]
    subprocess.run(render, env=env, cwd=settings.BASE_DIR, check=True, capture_output=True)
    text = (tmp_path / "out" / unit).read_text()
    assert "@" not in text.replace("@.service", "")
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "out" / unit)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr
