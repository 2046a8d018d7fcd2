#!/usr/bin/env bash
# Installs what the tests need beyond npm:
# - the PostgreSQL server and client (the nightly-dump script is tested by dumping a real database
#   and restoring it into a fresh one);
# - promtool (Debian `prometheus`): `promtool check rules` and `promtool test rules` run every
#   alert of the charts against unit-test series;
# - amtool (Debian `prometheus-alertmanager`): `amtool check-config` and `amtool config routes test`
#   check the Alertmanager configuration and where each severity is routed;
# - pgaudit for that PostgreSQL (Debian `postgresql-<major>-pgaudit`): the cluster parameter
#   group's pgaudit settings are started and exercised on a real server.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
pgaudit_missing() { ! ls /usr/lib/postgresql/*/lib/pgaudit.so >/dev/null 2>&1; }
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
if [ "${#missing[@]}" -eq 0 ] && ! pgaudit_missing; then
  echo "Test tools are installed: $(ls -d /usr/lib/postgresql/*/bin | head -1), $(promtool --version 2>&1 | head -1), $(amtool --version 2>&1 | head -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Install with your package manager: ${missing[*]} (PostgreSQL server and client: initdb, pg_ctl, pg_dump, pg_restore; promtool; amtool)." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The services the Debian packages ship are never started by the tests (only the CLIs are used).
[ "${#missing[@]}" -eq 0 ] || $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if pgaudit_missing; then
  major="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  $SUDO apt-get install -y -qq --no-install-recommends "postgresql-${major}-pgaudit" >/dev/null
  missing+=("postgresql-${major}-pgaudit")
fi
echo "Installed: ${missing[*]}"
command -v promtool >/dev/null && command -v amtool >/dev/null
