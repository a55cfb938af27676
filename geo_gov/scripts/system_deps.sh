#!/usr/bin/env bash
# Install the Debian 12 packages the service needs, only those that are missing.
# Runs as root or through sudo; a second run does nothing and takes a fraction of a second.
set -euo pipefail

PACKAGES=(
  postgresql-15 postgresql-15-postgis-3 postgresql-client-15   # the database
  gdal-bin libgdal32 libgeos-c1v5 libproj25 proj-bin            # GeoDjango's GDAL/GEOS/PROJ and ogrinfo
  python3-venv python3-dev build-essential                      # the virtualenv
  nodejs npm                                                    # front-end libraries from the npm registry
  chromium fonts-noto-cjk                                       # browser tests, Chinese glyphs in screenshots
  nginx openssl memcached                                       # production (make deploy) and its HTTPS tests
  gettext                                                       # compilemessages (English .mo), makemessages in tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (a newer release); accept any node/npm on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
