#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL and Redis on loopback, for tests and for trying the scale-out profile on one
# machine. Each lives in its own folder and answers on a free port; nothing is installed as a service.
#
#   deploy/servers.sh start DIR   # prints the settings, and writes them to DIR/servers.env (for: set -a; . DIR/servers.env)
#   deploy/servers.sh stop DIR    # stops both and deletes DIR
#
# Needs Debian's postgresql and redis-server packages. As root, PostgreSQL runs as the postgres user (it refuses root).
# The data is thrown away: PostgreSQL runs without fsync, which no real deployment should copy.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z $command || -z $dir ]]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi
dir=$(realpath -m "$dir")
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_postgres() {
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A port nothing listens on now; the servers bind it a moment later.
# Below Linux's ephemeral range (32768 and up), so that no outgoing connection can take it in that moment: nginx once
# found the port it had been given taken when it came to bind it.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

start() {
    if [[ -z $pg_bin ]] || ! command -v redis-server >/dev/null; then
        echo "PostgreSQL or Redis is missing: apt-get install -y postgresql redis-server" >&2
        exit 1
    fi
    mkdir -p "$dir/pg" "$dir/redis"
    if [[ $(id -u) == 0 ]]; then
        chown postgres "$dir/pg"
        if ! runuser -u postgres -- test -w "$dir/pg"; then
            echo "The postgres user cannot reach $dir (a parent folder is private): choose a folder under /tmp" >&2
            exit 1
        fi
    fi

    local pg_port redis_port
    pg_port=$(free_port)
    as_postgres "$pg_bin/initdb" -D "$dir/pg/data" -U portal --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/pg/initdb.log"
    as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir/pg -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null

    redis_port=$(free_port)
    redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes --save '' --appendonly no \
        --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/server.log"
    for _ in $(seq 1 100); do
        if [[ -s $dir/redis/redis.pid ]] && (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null; then break; fi
        sleep 0.1
    done

    cat >"$dir/servers.env" <<SETTINGS
PORTAL_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=portal;Database=postgres'
PORTAL_REDIS='127.0.0.1:$redis_port'
SETTINGS
    cat "$dir/servers.env"
}

stop() {
    if [[ -d $dir/pg/data && -n $pg_bin ]]; then
        as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ -s $dir/redis/redis.pid ]]; then
        local redis_pid
        redis_pid=$(cat "$dir/redis/redis.pid")
        kill "$redis_pid" 2>/dev/null || true
        # Redis writes its log as it shuts down: the folder can go only once it has ended.
        for _ in $(seq 1 300); do
            kill -0 "$redis_pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -rf "$dir"
}

case $command in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
