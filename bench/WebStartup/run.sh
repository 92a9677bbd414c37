#!/usr/bin/env bash
# Start-up of a web node (Portal:Role=Web on PostgreSQL and Redis) to its first page, as deploy/cluster.sh starts one:
# from launching `dotnet Portal.dll` of the Release build until GET /Account/Login answers 200.
#
#   dotnet build -c Release src/Portal
#   bench/WebStartup/run.sh            # RUNS=5 per setting; TIERED="1 0" (tiered compilation on, then off)
#
# Uses the PostgreSQL and Redis that PORTAL_POSTGRES / PORTAL_REDIS name (deploy/servers.sh's servers.env), or starts a
# throwaway pair with deploy/servers.sh and stops it at the end. The database is created and migrated once before the
# runs, so that every run measures a node joining a deployment that is already there.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
app=$repo/src/Portal/bin/Release/net10.0
runs=${RUNS:-5}
tiered_settings=${TIERED:-"1 0"}
work=$(mktemp -d /tmp/web-startup.XXXXXX)
chmod 755 "$work"
pid=""

cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    if [[ -d $work/servers ]]; then bash "$repo/deploy/servers.sh" stop "$work/servers" >/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT

[[ -f $app/Portal.dll ]] || { echo "No Release build at $app: run 'dotnet build -c Release src/Portal' first" >&2; exit 1; }

if [[ -z ${PORTAL_POSTGRES:-} ]]; then
    bash "$repo/deploy/servers.sh" start "$work/servers" >/dev/null
    # shellcheck source=/dev/null
    . "$work/servers/servers.env"
fi
[[ $PORTAL_POSTGRES =~ Port=([0-9]+) ]]
pg_port=${BASH_REMATCH[1]}
database=startup_$$
psql -q -h 127.0.0.1 -p "$pg_port" -U portal -d postgres -c "CREATE DATABASE $database"
connection=${PORTAL_POSTGRES/Database=postgres/Database=$database}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Milliseconds from launch to the first 200 of the login page.
start_once() {
    local tiered=$1 port start end
    port=$(free_port)
    start=$(date +%s%N)
    (cd "$app" && exec env DOTNET_TieredCompilation="$tiered" ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
        Portal__Role=Web Portal__Database__Provider=Postgres ConnectionStrings__Portal="$connection" Redis__Connection="$PORTAL_REDIS" \
        Portal__SeedDemoData=false Portal__DataDirectory="$work/data" Portal__ContentDirectory="$repo/content" \
        Logging__LogLevel__Default=Warning dotnet Portal.dll) >>"$work/portal.log" 2>&1 &
    pid=$!
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/Account/Login" 2>/dev/null) == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || { echo "The node ended while starting:" >&2; tail -n 30 "$work/portal.log" >&2; exit 1; }
        sleep 0.02
    done
    end=$(date +%s%N)
    kill "$pid" && wait "$pid" 2>/dev/null || true
    pid=""
    echo $(((end - start) / 1000000))
}

# The first node migrates the new database; not measured.
start_once 1 >/dev/null
for tiered in $tiered_settings; do
    times=()
    for run in $(seq 1 "$runs"); do
        ms=$(start_once "$tiered")
        times+=("$ms")
        echo "tiered=$tiered run=$run start_to_first_page_ms=$ms load_avg=$(cut -d' ' -f1 /proc/loadavg)"
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    echo "tiered=$tiered runs=$runs median_ms=$median"
done
