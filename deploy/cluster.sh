#!/usr/bin/env bash
# The scale-out layout of docs/deploy.md on one machine, on loopback only: a throwaway PostgreSQL and Redis
# (deploy/servers.sh), two web nodes and one worker, and nginx in front with TLS and sticky sessions. For trying the
# layout and for the cluster tests (tests/Portal.E2E/ClusterTests.cs); nothing is installed as a service.
#
#   deploy/cluster.sh start DIR         # starts everything, waits until each node is ready, writes DIR/cluster.env
#   deploy/cluster.sh status DIR        # what runs, with its pid and whether it answers
#   deploy/cluster.sh stop DIR          # stops everything that started and deletes DIR
#   deploy/cluster.sh web-stop DIR N    # stops web node N the way systemd would (SIGTERM); nginx moves its users on
#   deploy/cluster.sh web-start DIR N   # starts web node N again on its port
#   deploy/cluster.sh worker-kill DIR [N]   # kill -9 of worker N (1 by default), as a crash would
#   deploy/cluster.sh worker-start DIR [N]  # starts worker N, or one more worker without N
#
# DIR/cluster.env (for: set -a; . DIR/cluster.env) holds PORTAL_URL, the address of nginx, and for each node
# PORTAL_<NODE>_URL and PORTAL_<NODE>_PID (empty while it is stopped), e.g. PORTAL_WEB1_PID; it is rewritten after
# every command that starts or stops something. Logs: DIR/nodes/<node>/portal.log and DIR/nginx/*.log.
#
# The nodes run the portal as it is deployed: ASPNETCORE_ENVIRONMENT=Production, from published output (only published
# output carries wwwroot; a build folder serves its styles and scripts in Development alone). So start publishes the
# last `dotnet build` with --no-build into src/Portal/bin/$PORTAL_CONFIGURATION/net10.0/publish (incremental: a few
# seconds once the first one is done). Settings, all optional:
#   PORTAL_CONFIGURATION  Debug (default) or Release: which build to publish (`dotnet build -c Release` first)
#   PORTAL_APP            a folder that already holds a published Portal.dll: nothing is published
#   PORTAL_WEB_TIERED     1 (default): web nodes run with tiered compilation, which the project turns off for training
#                         (web nodes start faster with it); 0 leaves it off, as on the worker
#   PORTAL_START_TIMEOUT  seconds each node may take to become ready (default 300: a busy two-core machine is slow)
#
# Production means TLS: nginx serves https://localhost:PORT with a self-signed certificate made at start (browsers
# and curl need to be told to accept it: curl -k). localhost rather than 127.0.0.1, since WebAuthn refuses IP origins.
# Needs Debian's nginx, postgresql, redis-server, openssl and curl. As root the nodes run as root, as everything here.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
configuration=${PORTAL_CONFIGURATION:-Debug}
start_timeout=${PORTAL_START_TIMEOUT:-300}
web_tiered=${PORTAL_WEB_TIERED:-1}

usage() {
    sed -n '6,12p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
    exit 2
}

command=${1:-}
dir=${2:-}
[[ -n $command && -n $dir ]] || usage
dir=$(realpath -m "$dir")
nodes_dir=$dir/nodes
nginx_dir=$dir/nginx

# A port nothing listens on now and no other part of this cluster was given; whoever gets it binds it a moment later
# (the same way servers.sh chooses).
# Below Linux's ephemeral range (32768 and up), so that no outgoing connection can take it in that moment: nginx once
# found the port it had been given taken when it came to bind it.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        if grep -qsx "$port" "$nodes_dir"/*/port "$nginx_dir/port"; then
            continue
        fi
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# Whether a process runs. A killed process whose parent is gone stays a zombie until PID 1 reaps it, which some
# container inits do only now and then: a zombie counts as gone.
alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ $state != Z* ]]
}

# The pid in a file, if that process is still one of ours (pids are reused; never signal a stranger).
pid_of() {
    local file=$1 pattern=$2 pid args
    [[ -s $file ]] || return 1
    pid=$(<"$file")
    alive "$pid" || return 1
    args=$(ps -o args= -p "$pid") || return 1
    [[ $args == *"$pattern"* ]] && echo "$pid"
}

# Sends a signal and waits until the process has ended: stop returns only when the port and the files are free.
end_process() {
    local pid=$1 signal=$2 grace=${3:-60}
    kill "-$signal" "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 $((grace * 10))); do
        alive "$pid" || return 0
        sleep 0.1
    done
    echo "pid $pid did not end within ${grace}s of SIG$signal: killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while alive "$pid"; do sleep 0.1; done
}

node_role() {
    case $1 in
        web*) echo Web ;;
        worker*) echo Worker ;;
    esac
}

# DIR/cluster.env from what is known now: written whole and then renamed, so that a reader never sees half of it.
write_env() {
    local file=$dir/cluster.env.new node name pid
    {
        echo "PORTAL_URL='$(<"$nginx_dir/url")'"
        echo "PORTAL_NGINX_PID='$(pid_of "$nginx_dir/nginx.pid" nginx || true)'"
        echo "PORTAL_DATABASE='$(<"$dir/database")'"
        echo "PORTAL_REDIS='$(<"$dir/redis")'"
        for node in "$nodes_dir"/*/; do
            node=$(basename "$node")
            name=${node^^}
            pid=$(pid_of "$nodes_dir/$node/pid" Portal.dll || true)
            echo "PORTAL_${name}_URL='http://127.0.0.1:$(<"$nodes_dir/$node/port")'"
            echo "PORTAL_${name}_PID='$pid'"
        done
    } >"$file"
    mv "$file" "$dir/cluster.env"
}

# Publishes the last build, unless PORTAL_APP names a published folder. Prints the folder holding Portal.dll.
published_app() {
    if [[ -n ${PORTAL_APP:-} ]]; then
        [[ -f $PORTAL_APP/Portal.dll && -d $PORTAL_APP/wwwroot ]] || { echo "PORTAL_APP=$PORTAL_APP holds no published Portal.dll" >&2; exit 1; }
        realpath "$PORTAL_APP"
        return
    fi
    local build=$repo/src/Portal/bin/$configuration/net10.0
    if [[ ! -f $build/Portal.dll ]]; then
        echo "No build at $build: run 'dotnet build -c $configuration' first" >&2
        exit 1
    fi
    # Two clusters starting at once would publish into the same folder: one at a time. No build servers are left
    # running afterwards, so that stop leaves no dotnet process behind.
    if ! flock "$repo/src/Portal/bin/.cluster-publish.lock" \
        dotnet publish "$repo/src/Portal/Portal.csproj" -c "$configuration" --no-build --disable-build-servers \
        -o "$build/publish" >"$dir/publish.log" 2>&1; then
        cat "$dir/publish.log" >&2
        exit 1
    fi
    echo "$build/publish"
}

# Starts one node in the background with its own data folder and log, on the port it had before if it ran already
# (nginx knows the web nodes by port).
start_node() {
    local node=$1 role port folder
    role=$(node_role "$node")
    folder=$nodes_dir/$node
    mkdir -p "$folder/data"
    [[ -s $folder/port ]] || free_port >"$folder/port"
    port=$(<"$folder/port")

    local settings=(
        ASPNETCORE_ENVIRONMENT=Production
        ASPNETCORE_URLS="http://127.0.0.1:$port"
        # Production refuses "*": the names the site answers to (nginx passes the browser's Host on).
        "AllowedHosts=localhost;127.0.0.1"
        # Where plain HTTP is sent; nothing comes over plain HTTP through nginx, but the redirect should be right.
        HTTPS_PORT="$(<"$nginx_dir/port")"
        Portal__Role="$role"
        Portal__Database__Provider=Postgres
        ConnectionStrings__Portal="$(<"$dir/database")"
        Redis__Connection="$(<"$dir/redis")"
        Portal__DataDirectory="$folder/data"
        Portal__ContentDirectory="$repo/content"
        # The demo accounts, so that there is someone to sign in as; nodes starting together take turns.
        Portal__SeedDemoData=true
    )
    if [[ $role == Web && $web_tiered == 1 ]]; then
        # Web nodes never train, so the reason the project turns tiered compilation off does not apply to them.
        settings+=(DOTNET_TieredCompilation=1)
    fi

    # The app folder is the content root (appsettings.json, wwwroot). setsid: a Ctrl-C meant for this script does
    # not reach the nodes, which stop only when asked.
    (cd "$app" && exec env "${settings[@]}" setsid dotnet Portal.dll) </dev/null >>"$folder/portal.log" 2>&1 &
    echo $! >"$folder/pid"
    date +%s%N >"$folder/started"
}

# Waits until a node answers /health/ready. From loopback, which the nodes trust as a proxy, the request says it came
# over https: otherwise a web node in Production answers every plain-HTTP request with a redirect to nginx.
wait_ready() {
    local node=$1 folder=$nodes_dir/$1 port pid deadline
    port=$(<"$folder/port")
    pid=$(<"$folder/pid")
    deadline=$((SECONDS + start_timeout))
    until curl -fsS -o /dev/null --max-time 5 -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/health/ready" 2>/dev/null; do
        if ! alive "$pid"; then
            echo "$node ended while starting; the end of $folder/portal.log:" >&2
            tail -n 40 "$folder/portal.log" >&2
            return 1
        fi
        if ((SECONDS >= deadline)); then
            echo "$node was not ready within ${start_timeout}s; the end of $folder/portal.log:" >&2
            tail -n 40 "$folder/portal.log" >&2
            return 1
        fi
        sleep 0.2
    done
    echo "$node ready at http://127.0.0.1:$port after $(( ($(date +%s%N) - $(<"$folder/started")) / 1000000 )) ms"
}

stop_node() {
    local node=$1 signal=$2 pid
    if pid=$(pid_of "$nodes_dir/$node/pid" Portal.dll); then
        end_process "$pid" "$signal"
    fi
    rm -f "$nodes_dir/$node/pid"
}

# A self-signed certificate for localhost and 127.0.0.1, valid while the cluster could plausibly run.
make_certificate() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$nginx_dir/tls.key" -out "$nginx_dir/tls.crt" 2>"$nginx_dir/openssl.log"
}

# The nginx site of docs/deploy.md with loopback addresses, plus what running outside /etc/nginx needs (its own pid,
# logs and temporary folders).
write_nginx_conf() {
    local port=$1 node upstreams=""
    for node in "$nodes_dir"/web*/; do
        upstreams+="        server 127.0.0.1:$(<"$node/port") max_fails=1 fail_timeout=5s;"$'\n'
    done
    mkdir -p "$nginx_dir/tmp"
    cat >"$nginx_dir/nginx.conf" <<CONF
# Written by deploy/cluster.sh for the cluster in $dir.
daemon on;
worker_processes 1;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log notice;

events {
    worker_connections 1024;
}

http {
    log_format node '\$remote_addr [\$time_local] "\$request" \$status node=\$upstream_addr pin=\$portal_pin';
    access_log $nginx_dir/access.log node;
    client_body_temp_path $nginx_dir/tmp/body;
    proxy_temp_path $nginx_dir/tmp/proxy;
    fastcgi_temp_path $nginx_dir/tmp/fastcgi;
    uwsgi_temp_path $nginx_dir/tmp/uwsgi;
    scgi_temp_path $nginx_dir/tmp/scgi;

    # Sticky sessions without nginx Plus: a browser's first response sets a cookie holding that request's random id,
    # and the upstream is chosen by hashing the cookie, so every later request (and the circuit's WebSocket) of that
    # browser goes to the same web node.
    map \$cookie_portal_node \$portal_pin {
        ""      \$request_id;
        default \$cookie_portal_node;
    }
    map \$cookie_portal_node \$portal_pin_cookie {
        ""      "portal_node=\$request_id; Path=/; Secure; HttpOnly; SameSite=Lax";
        default "";
    }
    # WebSocket upgrade for /_blazor; plain requests keep the upstream connection alive.
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ""      "";
    }

    upstream portal_web {
        # consistent: when a node is down only its own browsers move, and they come back when it does.
        hash \$portal_pin consistent;
$upstreams        keepalive 16;
    }

    server {
        listen 127.0.0.1:$port ssl;
        server_name localhost;
        ssl_certificate $nginx_dir/tls.crt;
        ssl_certificate_key $nginx_dir/tls.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        # The model lab accepts uploads of up to 64 MiB.
        client_max_body_size 70m;

        location / {
            proxy_pass http://portal_web;
            proxy_http_version 1.1;
            # \$http_host keeps the port: Blazor builds its base address from Host and must see the browser's.
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            # A circuit's WebSocket is quiet between SignalR's 15-second pings.
            proxy_read_timeout 120s;
            # A node that is down (refused or silent) is skipped: its browsers go on to the other web node.
            proxy_connect_timeout 3s;
            proxy_next_upstream error timeout;
            add_header Set-Cookie \$portal_pin_cookie always;
            # Which node answered, for the cluster tests and for finding a user's log.
            add_header X-Portal-Node \$upstream_addr always;
        }
    }
}
CONF
}

start_nginx() {
    nginx -t -q -e "$nginx_dir/error.log" -p "$nginx_dir" -c "$nginx_dir/nginx.conf"
    nginx -e "$nginx_dir/error.log" -p "$nginx_dir" -c "$nginx_dir/nginx.conf"
    local url
    url=$(<"$nginx_dir/url")
    for _ in $(seq 1 100); do
        if curl -ksf -o /dev/null --max-time 5 "${url}health/live"; then
            echo "nginx at $url"
            return
        fi
        sleep 0.1
    done
    echo "nginx does not answer at $url; see $nginx_dir/error.log" >&2
    return 1
}

start() {
    if [[ -e $dir/cluster.env ]]; then
        echo "A cluster already runs in $dir: stop it first" >&2
        exit 1
    fi
    if [[ -n $(ls -A "$dir" 2>/dev/null) ]]; then
        # Most likely the logs of a start that failed; its ports may be taken by now.
        echo "$dir is not empty: 'deploy/cluster.sh stop $dir' clears it" >&2
        exit 1
    fi
    for tool in nginx openssl curl psql; do
        command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y nginx openssl curl postgresql" >&2; exit 1; }
    done
    mkdir -p "$nodes_dir" "$nginx_dir"
    # Whatever fails from here on, nothing is left running; the logs stay in DIR until stop.
    trap 'echo "start failed: stopping what started (logs are in $dir)" >&2; stop_processes' EXIT

    app=$(published_app)

    # servers.sh deletes its folder on stop, so it gets one of its own.
    bash "$here/servers.sh" start "$dir/servers" >"$dir/servers.log"
    local PORTAL_POSTGRES PORTAL_REDIS
    # shellcheck source=/dev/null
    . "$dir/servers/servers.env"
    # The portal migrates its database but does not create it.
    [[ $PORTAL_POSTGRES =~ Port=([0-9]+) ]]
    psql -q -h 127.0.0.1 -p "${BASH_REMATCH[1]}" -U portal -d postgres -c 'CREATE DATABASE portal'
    echo "${PORTAL_POSTGRES/Database=postgres/Database=portal}" >"$dir/database"
    echo "$PORTAL_REDIS" >"$dir/redis"

    local port
    port=$(free_port)
    echo "$port" >"$nginx_dir/port"
    echo "https://localhost:$port/" >"$nginx_dir/url"
    make_certificate

    # All three at once: they take turns to migrate and seed, and start-up overlaps otherwise.
    local node
    for node in web1 web2 worker1; do
        start_node "$node"
    done
    for node in web1 web2 worker1; do
        wait_ready "$node"
    done

    write_nginx_conf "$port"
    start_nginx
    write_env
    trap - EXIT
    cat "$dir/cluster.env"
}

# Every process of the cluster, nodes and nginx together so that they stop in parallel, then the servers.
stop_processes() {
    local file pid
    for file in "$nodes_dir"/*/pid; do
        [[ -e $file ]] || continue
        if pid=$(pid_of "$file" Portal.dll); then
            end_process "$pid" TERM &
        fi
    done
    if pid=$(pid_of "$nginx_dir/nginx.pid" nginx); then
        # QUIT lets nginx finish open requests; its WebSockets end when the nodes do.
        end_process "$pid" QUIT 30 &
    fi
    wait
    if [[ -d $dir/servers ]]; then
        bash "$here/servers.sh" stop "$dir/servers"
    fi
}

stop() {
    stop_processes
    rm -rf "$dir"
}

status() {
    local node port pid state ready
    printf '%-8s %-7s %-24s %-8s %s\n' node role address pid state
    for node in "$nodes_dir"/*/; do
        node=$(basename "$node")
        port=$(<"$nodes_dir/$node/port")
        if pid=$(pid_of "$nodes_dir/$node/pid" Portal.dll); then
            ready=$(curl -s --max-time 5 -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/health/ready" || echo "no answer")
            state="running, /health/ready: $ready"
        else
            pid=-
            state=stopped
        fi
        printf '%-8s %-7s %-24s %-8s %s\n' "$node" "$(node_role "$node")" "http://127.0.0.1:$port" "$pid" "$state"
    done
    if pid=$(pid_of "$nginx_dir/nginx.pid" nginx); then
        printf '%-8s %-7s %-24s %-8s %s\n' nginx proxy "$(<"$nginx_dir/url")" "$pid" running
    else
        printf '%-8s %-7s %-24s %-8s %s\n' nginx proxy "$(<"$nginx_dir/url")" - stopped
    fi
}

require_cluster() {
    [[ -s $dir/cluster.env ]] || { echo "No cluster runs in $dir" >&2; exit 1; }
}

# web-start, worker-start: one node, with the settings the others got.
start_one() {
    local node=$1
    if pid_of "$nodes_dir/$node/pid" Portal.dll >/dev/null; then
        echo "$node runs already" >&2
        exit 1
    fi
    app=$(published_app)
    start_node "$node"
    if ! wait_ready "$node"; then
        stop_node "$node" KILL
        write_env
        exit 1
    fi
    write_env
}

next_worker() {
    local n=1
    while [[ -d $nodes_dir/worker$n ]]; do n=$((n + 1)); done
    echo "worker$n"
}

case $command in
    start) start ;;
    stop) stop ;;
    status) require_cluster; status ;;
    web-stop | web-start)
        require_cluster
        [[ ${3:-} =~ ^[0-9]+$ && -d $nodes_dir/web${3:-} ]] || { echo "usage: $0 $command DIR N (a web node that exists)" >&2; exit 2; }
        if [[ $command == web-stop ]]; then stop_node "web$3" TERM; write_env; else start_one "web$3"; fi
        ;;
    worker-kill)
        require_cluster
        [[ -d $nodes_dir/worker${3:-1} ]] || { echo "No worker${3:-1} in $dir" >&2; exit 2; }
        stop_node "worker${3:-1}" KILL
        write_env
        ;;
    worker-start)
        require_cluster
        if [[ -n ${3:-} ]]; then start_one "worker$3"; else start_one "$(next_worker)"; fi
        ;;
    *) usage ;;
esac
