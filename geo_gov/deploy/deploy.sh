#!/usr/bin/env bash
# `make deploy`: install this checkout as the production service on a Debian 12 server (as root).
# Every step is idempotent: run it again after `git pull` to upgrade. README "Deploying" explains it.
#
#   SERVER_NAME  the name clients use (default: hostname -f)
#   SERVER_IP    the LAN address (default: the first of hostname -I)
#   TLS_CERT / TLS_KEY   the operator's own certificate chain and key; without them a local CA and a
#                        certificate for SERVER_NAME and SERVER_IP are made in /etc/geo_gov/tls
#   HTTPS_PORT / HTTP_PORT   443 / 80
set -euo pipefail

APP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$APP_DIR/.venv/bin/python"
SERVICE_USER=geo_gov
ETC=/etc/geo_gov
ENV_FILE=$ETC/env
STATE_DIR=/var/lib/geo_gov
BACKUP_DIR=/var/backups/geo_gov
SERVER_NAME="${SERVER_NAME:-$(hostname -f)}"
SERVER_IP="${SERVER_IP:-$(hostname -I | awk '{print $1}')}"
HTTPS_PORT="${HTTPS_PORT:-443}"
HTTP_PORT="${HTTP_PORT:-80}"
NAMES="$SERVER_NAME${SERVER_IP:+ $SERVER_IP}"

say() { printf '\n== %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || { echo "make deploy installs system services: run it as root (sudo make deploy)"; exit 1; }

say "service user $SERVICE_USER and folders"
id -u "$SERVICE_USER" >/dev/null 2>&1 ||
  adduser --system --group --home "$STATE_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
# Photos: written by the service, read by nginx (group www-data through the setgid folder), nobody else.
install -d -o "$SERVICE_USER" -g www-data -m 2750 "$STATE_DIR" "$STATE_DIR/media"
install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$BACKUP_DIR"
install -d -o root -g "$SERVICE_USER" -m 0750 "$ETC"
if ! runuser -u "$SERVICE_USER" -- test -r "$APP_DIR/manage.py" -a -x "$APP_DIR/.venv/bin/python"; then
  echo "$SERVICE_USER cannot read $APP_DIR: clone the project where every user may read it (e.g. /opt/geo_gov)"
  exit 1
fi

say "settings $ENV_FILE (SECRET_KEY made once; your edits kept)"
"$PY" -m geo_gov.deploy.envfile --file "$ENV_FILE" --names "$NAMES" --https-port "$HTTPS_PORT" \
  --app-dir "$APP_DIR" --state-dir "$STATE_DIR" --backup-dir "$BACKUP_DIR"
chown root:"$SERVICE_USER" "$ENV_FILE"
chmod 0640 "$ENV_FILE"
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a

say "database geo_gov (peer authentication: the service user is the database role)"
pg_lsclusters -h 2>/dev/null | grep -q '^15 main .* online' || pg_ctlcluster 15 main start
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$SERVICE_USER'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'CREATE ROLE $SERVICE_USER LOGIN'"
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'geo_gov'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'CREATE DATABASE geo_gov OWNER $SERVICE_USER'"
su postgres -c "psql -q -d geo_gov -c 'CREATE EXTENSION IF NOT EXISTS postgis'"

say "migrations, translations, static files, deployment check"
runuser -u "$SERVICE_USER" -- "$PY" "$APP_DIR/manage.py" migrate --noinput -v 0
"$PY" "$APP_DIR/manage.py" compilemessages -v 0 --ignore .venv --ignore node_modules --ignore staticfiles
"$PY" "$APP_DIR/manage.py" collectstatic --noinput -v 0
runuser -u "$SERVICE_USER" -- "$PY" "$APP_DIR/manage.py" check --deploy --fail-level WARNING

say "TLS certificate"
if [ -n "${TLS_CERT:-}" ] && [ -n "${TLS_KEY:-}" ]; then
  CERT="$TLS_CERT" KEY="$TLS_KEY"
  echo "using $CERT and $KEY"
else
  ARGS=(--dir "$ETC/tls" --name "$SERVER_NAME")
  [ -n "$SERVER_IP" ] && ARGS+=(--ip "$SERVER_IP")
  "$PY" -m geo_gov.deploy.tls "${ARGS[@]}"
  CERT="$ETC/tls/server.crt" KEY="$ETC/tls/server.key"
fi

say "nginx site and systemd units"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$PY" -m geo_gov.deploy.render --out "$OUT" --names "$NAMES" --cert "$CERT" --key "$KEY" \
  --https-listen "$HTTPS_PORT" --http-listen "$HTTP_PORT" --app-dir "$APP_DIR"
install -m 0644 "$OUT/geo_gov.conf" /etc/nginx/sites-available/geo_gov.conf
ln -sf /etc/nginx/sites-available/geo_gov.conf /etc/nginx/sites-enabled/geo_gov.conf
# Debian's default site also listens on port 80.
rm -f /etc/nginx/sites-enabled/default
for unit in geo_gov.socket geo_gov.service geo_gov-maintenance.service geo_gov-maintenance.timer; do
  install -m 0644 "$OUT/$unit" "/etc/systemd/system/$unit"
done
cat >/usr/local/bin/geo_gov-manage <<EOF
#!/bin/sh
# manage.py as the service, with its settings: geo_gov-manage check_trails, backup, createsuperuser ...
set -a; . $ENV_FILE; set +a
cd $APP_DIR && exec runuser -u $SERVICE_USER -- $PY manage.py "\$@"
EOF
chmod 0755 /usr/local/bin/geo_gov-manage
nginx -t

say "start"
systemctl daemon-reload
systemctl enable --now memcached
systemctl enable --now geo_gov.socket geo_gov-maintenance.timer
systemctl restart geo_gov.service
systemctl reload-or-restart nginx
systemctl enable nginx

PORT_SUFFIX=""; [ "$HTTPS_PORT" = 443 ] || PORT_SUFFIX=":$HTTPS_PORT"
TRUST="install $ETC/tls/ca.crt on every phone and PC (README, Deploying)"
[ -n "${TLS_CERT:-}" ] && TRUST="your own certificate"
cat <<EOF

Deployed: https://$SERVER_NAME$PORT_SUFFIX/  ${SERVER_IP:+and https://$SERVER_IP$PORT_SUFFIX/}
- Settings: $ENV_FILE (then: systemctl restart geo_gov)
- Certificate: $CERT ($TRUST)
- First admin account: geo_gov-manage createsuperuser
- Logs: journalctl -u geo_gov; /var/log/nginx/
EOF
