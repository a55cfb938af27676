#!/usr/bin/env bash
# Make sure a PostGIS database is reachable.
# - DATABASE_URL set: use it as it is (the operator owns that server); only check it answers.
# - otherwise: the local PostgreSQL 15 cluster, started if it is down, with a login role
#   geo_gov, a database geo_gov with PostGIS, and a template_postgis the test runner clones
#   (so the app role needs CREATEDB but not SUPERUSER).
# Idempotent: every step checks before it acts.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
  psql "${DATABASE_URL/postgis:/postgres:}" -Atqc "SELECT postgis_lib_version()" >/dev/null \
    || { echo "DATABASE_URL is set but no PostGIS database answers there" >&2; exit 1; }
  exit 0
fi

PG_VERSION=15
CLUSTER=main
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
as_postgres() { $SUDO -u postgres "$@"; }
# root may lack 'sudo' on a bare Debian: fall back to su.
if [ "$(id -u)" -eq 0 ] && ! command -v sudo >/dev/null; then
  as_postgres() { su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; }
fi

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $CLUSTER"; then
  $SUDO pg_createcluster "$PG_VERSION" "$CLUSTER"
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  $SUDO pg_ctlcluster "$PG_VERSION" "$CLUSTER" start
fi
for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p 5432 && break
  sleep 0.5
done

psql_su() { as_postgres psql -p 5432 -v ON_ERROR_STOP=1 -Atq "$@"; }

psql_su -c "SELECT 1 FROM pg_roles WHERE rolname='geo_gov'" | grep -q 1 \
  || psql_su -c "CREATE ROLE geo_gov LOGIN CREATEDB PASSWORD 'geo_gov'"

for db in template_postgis geo_gov; do
  psql_su -c "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || psql_su -c "CREATE DATABASE $db OWNER geo_gov"
  psql_su -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS postgis"
done
psql_su -c "UPDATE pg_database SET datistemplate = true WHERE datname = 'template_postgis'"
