#!/usr/bin/env bash
# Requests per second for GET /guide/business-model and for the same page as a static file from the
# same Kestrel, measured with wrk on 127.0.0.1. wrk and the server share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
port="${PORT:-5199}"
dotnet build -c Release bench/Guide.Http -v quiet -nologo > /dev/null
fifo="$(mktemp -u)"; mkfifo "$fifo"
dotnet bench/Guide.Http/bin/Release/net10.0/Guide.Http.dll "$port" < "$fifo" > /tmp/guide-http.out &
server=$!
exec 3> "$fifo"
trap 'exec 3>&-; wait $server 2>/dev/null || true; rm -f "$fifo"' EXIT
until grep -q static_url /tmp/guide-http.out 2>/dev/null; do sleep 0.2; done
guide_url=$(sed -n 's/^guide_url=//p' /tmp/guide-http.out)
static_url=$(sed -n 's/^static_url=//p' /tmp/guide-http.out)
# Production redirects plain HTTP; behind nginx on loopback, the proxy's header says the request came over TLS.
tls=(-H 'X-Forwarded-Proto: https')
rps() { wrk -t2 -c32 -d"${DURATION:-15s}" "${tls[@]}" "$1" | awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c32 -d5s "${tls[@]}" "$guide_url" > /dev/null   # warm-up
wrk -t2 -c32 -d5s "${tls[@]}" "$static_url" > /dev/null
guide=$(rps "$guide_url")
static=$(rps "$static_url")
echo "$(grep page_bytes /tmp/guide-http.out) guide_rps=$guide static_rps=$static ratio=$(awk -v s="$static" -v g="$guide" 'BEGIN { printf "%.2f", s / g }')"
