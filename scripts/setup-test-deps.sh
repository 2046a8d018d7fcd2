#!/usr/bin/env bash
# Installs what the tests need beyond npm: the PostgreSQL server and client (the nightly-dump
# script is tested by dumping a real database and restoring it into a fresh one).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "PostgreSQL is installed: $(ls -d /usr/lib/postgresql/*/bin | head -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Install the PostgreSQL server and client (initdb, pg_ctl, pg_dump, pg_restore) with your package manager." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq postgresql >/dev/null
echo "PostgreSQL installed: $(ls -d /usr/lib/postgresql/*/bin | head -1)"
