#!/usr/bin/env bash
# Runs CMD against a throwaway PostgreSQL server, then removes it:
#
#   bash scripts/with-postgres.sh CMD [ARG...]
#   bash scripts/with-postgres.sh cargo test -p checkout-guard-server
#   bash scripts/with-postgres.sh sh -c 'psql "$DATABASE_URL" -c "select 1"'
#
# (CMD sees DATABASE_URL; the caller's shell does not, so a command that
# names it goes through `sh -c '…'` as above.)
#
# - Installs Debian's `postgresql` with apt-get when its server binaries are
#   missing (as root, or through sudo for a user who has it).
# - Creates a cluster with initdb in a temporary directory, owned by a
#   non-root user (postgres refuses to run as root: as root the cluster
#   belongs to the `postgres` system user the package creates, created here
#   when missing; otherwise to the calling user).
# - Starts it on 127.0.0.1 on a free port (never 5432, which a system
#   cluster may hold), unix socket in the temporary directory, no fsync
#   (throwaway data), then creates a role with a random password and a
#   database it owns.
# - Exports DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:PORT/DB, puts the
#   server's client tools (psql, pg_dump) first on PATH, and runs CMD.
# - Always stops the server and deletes the cluster (trap on exit, INT, TERM,
#   HUP) and exits with CMD's exit code. Its own failures exit 70 (setup) or
#   69 (PostgreSQL missing and cannot be installed), with the reason on stderr.
#
# PG_BINDIR=/path/to/postgresql/bin overrides where initdb, pg_ctl and postgres
# are looked for (default: Debian's newest /usr/lib/postgresql/*/bin, then PATH).
set -euo pipefail

say() { printf 'with-postgres: %s\n' "$*" >&2; }
die() {
  say "$2"
  exit "$1"
}

[ $# -gt 0 ] || die 64 "usage: with-postgres.sh CMD [ARG...] (CMD runs with DATABASE_URL set)"

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ] && printf '%s\n' "$PG_BINDIR"
    return 0
  fi
  local dir
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    printf '%s\n' "$dir"
  elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
  fi
}

# Root runs commands as they are; another user through sudo when it has it.
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    as_root=(missing-root)
  fi
fi

install_postgres() {
  if [ -n "${PG_BINDIR:-}" ]; then
    die 69 "PG_BINDIR=$PG_BINDIR has no initdb and pg_ctl"
  fi
  if ! command -v apt-get >/dev/null; then
    die 69 "PostgreSQL's server (initdb, pg_ctl) is not installed and there is no apt-get here: install it, or set PG_BINDIR to its bin directory"
  fi
  if [ "${as_root[0]:-}" = missing-root ]; then
    die 69 "PostgreSQL's server is not installed, and installing it needs root: run 'apt-get install postgresql' as root (or with sudo), or run this script as root"
  fi
  if [ "${as_root[0]:-}" = sudo ] && ! sudo -v; then
    die 69 "PostgreSQL's server is not installed, and sudo would not run 'apt-get install postgresql': install it as root, or run this script as root"
  fi
  say "installing Debian's postgresql (apt-get; once per machine)"
  # No default cluster: this script makes its own, and the package's would
  # start a server on 5432 that nothing here uses.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    "${as_root[@]}" mkdir -p /etc/postgresql-common
    printf 'create_main_cluster = false\n' | "${as_root[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  local apt_log
  apt_log=$(mktemp "${TMPDIR:-/tmp}/with-postgres-apt.XXXXXX")
  if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql; } >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    rm -f "$apt_log"
    die 69 "apt-get could not install postgresql (its last lines above)"
  fi
  rm -f "$apt_log"
}

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  install_postgres
  bindir=$(find_bindir)
  [ -n "$bindir" ] || die 69 "apt-get installed postgresql but no initdb was found under /usr/lib/postgresql/*/bin"
fi

# The user the server runs as, and how to run a command as that user.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  if ! id -u "$owner" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$owner" || die 70 "could not create the system user '$owner'"
  fi
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
data="$tmp/data"
log="$tmp/server.log"
started=
postmaster=
# pg_ctl for the cluster, as its owner, from the temporary directory (the
# owner may not be allowed into the caller's working directory).
pg_ctl_as_owner() { (cd "$tmp" && as_owner "$bindir/pg_ctl" -D "$data" "$@"); }

# shellcheck disable=SC2317 # run by the traps below
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -n "$started" ] && pg_ctl_as_owner status >/dev/null 2>&1; then
    pg_ctl_as_owner -m fast -w -t 10 stop >/dev/null 2>&1 ||
      pg_ctl_as_owner -m immediate -w -t 10 stop >/dev/null 2>&1 ||
      say "could not stop the server of $data: $(tail -n 3 "$log" 2>/dev/null)"
  fi
  # The stopped postmaster was pg_ctl's orphan: give init a moment to reap it,
  # so that no postgres process (not even a zombie) outlives this script.
  if [ -n "$postmaster" ]; then
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
      [ -e "/proc/$postmaster" ] || break
      sleep 0.1
    done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

chmod 0700 "$tmp"
[ "$owner" = "$(id -un)" ] || chown "$owner:" "$tmp"

superuser=cg_admin
# Every command for the server runs from the temporary directory: the owner
# may not be allowed into the caller's working directory.
(cd "$tmp" && as_owner "$bindir/initdb" -D "$data" -U "$superuser" -A trust -E UTF8 --no-locale -N >"$tmp/initdb.log" 2>&1) ||
  die 70 "initdb failed: $(tail -n 5 "$tmp/initdb.log")"
# Trust only on the unix socket in the owner's 0700 directory; TCP needs the password.
printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' >"$tmp/pg_hba.conf"
(cd "$tmp" && as_owner cp "$tmp/pg_hba.conf" "$data/pg_hba.conf")

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$tmp"
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  rm -f "$log"
  if pg_ctl_as_owner -l "$log" -o "$options" -w -t 30 start >/dev/null 2>&1; then
    started=1
    postmaster=$(head -n 1 "$data/postmaster.pid")
    break
  fi
  # A postmaster that failed to start leaves no process; a timed-out one is stopped by cleanup.
  [ -f "$data/postmaster.pid" ] && started=1 && die 70 "the server did not come up within 30 s: $(tail -n 5 "$log")"
  grep -q 'Address already in use' "$log" 2>/dev/null || die 70 "the server did not start: $(tail -n 5 "$log")"
  say "port $port was taken (attempt $attempt), trying another"
done
[ -n "$started" ] || die 70 "found no free port on 127.0.0.1 in 5 attempts"

user=checkout_guard
db=checkout_guard
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
(cd "$tmp" && as_owner "$bindir/psql" -X -q -h "$tmp" -p "$port" -U "$superuser" -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE $user LOGIN PASSWORD '$password'" \
  -c "CREATE DATABASE $db OWNER $user" >"$tmp/setup.log" 2>&1) ||
  die 70 "could not create the role and database: $(tail -n 5 "$tmp/setup.log")"

export DATABASE_URL="postgres://$user:$password@127.0.0.1:$port/$db"
export PATH="$bindir:$PATH"

status=0
"$@" || status=$?
exit "$status"
