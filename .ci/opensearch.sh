#!/usr/bin/env bash
# Fetch a pinned OpenSearch from Maven Central, check it, and start or stop local nodes.
#
#   .ci/opensearch.sh start      one node on 127.0.0.1:9200 (harmless if it is running)
#   .ci/opensearch.sh cluster    two nodes on 127.0.0.1:9200 and :9201, one cluster
#   .ci/opensearch.sh stop       stop every node this script started, by its pid file
#   .ci/opensearch.sh stop-node PORT   stop one node (the failover script uses it)
#   .ci/opensearch.sh status     print the cluster's health, or say nothing answers
#
# Everything lives in a cache outside the repository: the zip, the unpacked distribution,
# and each node's config, data, logs and pid file. OpenSearch refuses to run as root, so
# as root the nodes run as an unprivileged user (OPENSEARCH_RUN_AS, default nobody), and
# the cache defaults to /var/cache/verbatim/opensearch, which that user can reach (root's
# home cannot be).
set -euo pipefail

VERSION=2.19.6
# The integ-test-zip is the minimal distribution: the server and the transport module,
# no security plugin. Verbatim's analysis (a whitespace analyzer over its own tokens)
# needs nothing more. Pinned from the .sha512 Maven Central publishes beside the zip.
URL="https://repo1.maven.org/maven2/org/opensearch/distribution/integ-test-zip/opensearch/${VERSION}/opensearch-${VERSION}.zip"
SHA512=8adbfaa13162b8d42b388ece6b39bfb7f1a349ab9c128d4eced78ba1dd43b5a10850b43b8aac19fa5ab11f4d5c355ddf6f6617514d6112b0936a1903005d1d36
HEAP=${OPENSEARCH_HEAP:-512m}
RUN_AS=${OPENSEARCH_RUN_AS:-nobody}

if [ "$(id -u)" = "0" ]; then
    CACHE=${VERBATIM_OPENSEARCH_CACHE:-/var/cache/verbatim/opensearch}
else
    CACHE=${VERBATIM_OPENSEARCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/verbatim/opensearch}
fi
DIST="$CACHE/opensearch-$VERSION"

find_java() {
    # OpenSearch 2.19 runs on Java 17, the machine's default JDK.
    if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then echo "$OPENSEARCH_JAVA_HOME"; return; fi
    if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME"; return; fi
    local java
    java=$(command -v java) || { echo "opensearch.sh: no java on PATH; install a JDK 17" >&2; exit 1; }
    dirname "$(dirname "$(readlink -f "$java")")"
}

fetch() {
    mkdir -p "$CACHE"
    local zip="$CACHE/opensearch-$VERSION.zip"
    if [ ! -f "$zip" ]; then
        echo "fetching OpenSearch $VERSION from Maven Central"
        curl -fsSL --retry 3 -o "$zip.part" "$URL"
        mv "$zip.part" "$zip"
    fi
    if ! echo "$SHA512  $zip" | sha512sum -c --quiet -; then
        rm -f "$zip"
        echo "opensearch.sh: $zip does not match the pinned sha512; removed it, run again" >&2
        exit 1
    fi
    if [ ! -x "$DIST/bin/opensearch" ]; then
        rm -rf "$DIST.part"
        mkdir -p "$DIST.part"
        unzip -q "$zip" -d "$DIST.part"
        mv "$DIST.part/opensearch-$VERSION" "$DIST"
        rm -rf "$DIST.part"
    fi
    chmod -R a+rX "$CACHE"
}

answers() {
    curl -fsS -m 2 "http://127.0.0.1:$1/" >/dev/null 2>&1
}

# A node's folder: "single-9200", "cluster-9201" (a cluster's data is not a single node's).
node_dir() { echo "$CACHE/$1"; }

running_pid() {
    # running_pid NAME: the node's pid, if its pid file names a live process.
    local pidfile
    pidfile="$(node_dir "$1")/opensearch.pid"
    [ -f "$pidfile" ] || return 1
    local pid
    pid=$(cat "$pidfile")
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

configure() {
    # configure PORT TRANSPORT_PORT MODE (single or cluster)
    local port=$1 transport=$2 mode=$3 dir
    dir=$(node_dir "$mode-$port")
    mkdir -p "$dir/config" "$dir/data" "$dir/logs" "$dir/tmp"
    cp "$DIST/config/log4j2.properties" "$dir/config/"
    mkdir -p "$dir/config/jvm.options.d"
    cat >"$dir/config/jvm.options" <<EOF
-Xms$HEAP
-Xmx$HEAP
-XX:+UseG1GC
-Djava.io.tmpdir=\${OPENSEARCH_TMPDIR}
-XX:ErrorFile=$dir/logs/hs_err_pid%p.log
-Xlog:gc*:file=$dir/logs/gc.log:utctime:filecount=2,filesize=8m
-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory
EOF
    {
        echo "cluster.name: verbatim-$mode"
        echo "node.name: node-$port"
        echo "network.host: 127.0.0.1"
        echo "http.port: $port"
        echo "transport.port: $transport"
        echo "path.data: $dir/data"
        echo "path.logs: $dir/logs"
        # Small disks (a laptop's, CI's) must not turn the index read-only.
        echo "cluster.routing.allocation.disk.threshold_enabled: false"
        # A pattern may expand to MAX_QUERY_EXPANSION (2,000) words, each a clause.
        echo "indices.query.bool.max_clause_count: 8192"
        echo "action.destructive_requires_name: false"
        if [ "$mode" = single ]; then
            echo "discovery.type: single-node"
        else
            echo "discovery.seed_hosts: [\"127.0.0.1:9300\", \"127.0.0.1:9301\"]"
            echo "cluster.initial_cluster_manager_nodes: [\"node-9200\", \"node-9201\"]"
        fi
    } >"$dir/config/opensearch.yml"
    if [ "$(id -u)" = "0" ]; then
        chown -R "$RUN_AS" "$dir"
    fi
}

launch() {
    # launch NAME: start the configured node in the background, writing its pid file.
    local dir java
    dir=$(node_dir "$1")
    java=$(find_java)
    local env=(env "OPENSEARCH_JAVA_HOME=$java" "OPENSEARCH_PATH_CONF=$dir/config"
        "OPENSEARCH_TMPDIR=$dir/tmp" "HOME=$dir")
    local cmd=("$DIST/bin/opensearch" -d -p "$dir/opensearch.pid")
    cd "$dir"
    if [ "$(id -u)" = "0" ]; then
        local group
        group=$(id -gn "$RUN_AS")
        setpriv --reuid="$RUN_AS" --regid="$group" --clear-groups "${env[@]}" "${cmd[@]}" \
            >"$dir/logs/start.out" 2>&1
    else
        "${env[@]}" "${cmd[@]}" >"$dir/logs/start.out" 2>&1
    fi
    cd - >/dev/null
    # -d returns before the node writes its pid file; a node that failed never does.
    for _ in $(seq 1 60); do
        [ -s "$dir/opensearch.pid" ] && return 0
        sleep 1
    done
    return 1
}

start_node() {
    # start_node PORT TRANSPORT_PORT MODE
    local port=$1 name="$3-$1"
    if running_pid "$name" >/dev/null; then
        echo "OpenSearch is already running on 127.0.0.1:$port (pid $(running_pid "$name"))"
        return
    fi
    if answers "$port"; then
        echo "something else already answers on 127.0.0.1:$port; not starting a node there"
        return
    fi
    configure "$@"
    if ! launch "$name" || ! running_pid "$name" >/dev/null; then
        echo "opensearch.sh: the node on :$port did not start; see $(node_dir "$name")/logs" >&2
        tail -20 "$(node_dir "$name")/logs/start.out" >&2 || true
        exit 1
    fi
    echo "started OpenSearch $VERSION on 127.0.0.1:$port (pid $(cat "$(node_dir "$name")/opensearch.pid"))"
}

wait_healthy() {
    # wait_healthy PORT NODES: until the cluster is yellow or green with NODES nodes.
    local port=$1 nodes=$2
    for _ in $(seq 1 120); do
        if curl -fsS -m 2 "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&wait_for_nodes=$nodes&timeout=1s" >/dev/null 2>&1; then
            echo "cluster on 127.0.0.1:$port is up: $(curl -fsS -m 2 "http://127.0.0.1:$port/_cat/health?h=status,node.total")"
            return
        fi
        sleep 1
    done
    echo "opensearch.sh: no healthy cluster on 127.0.0.1:$port after 120 s; see $CACHE/*/logs" >&2
    exit 1
}

stop_node() {
    # stop_node NAME
    local name=$1 pid
    if ! pid=$(running_pid "$name"); then
        rm -f "$(node_dir "$name")/opensearch.pid"
        return 1
    fi
    kill "$pid"
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid"
    fi
    rm -f "$(node_dir "$name")/opensearch.pid"
    echo "stopped OpenSearch $name (pid $pid)"
}

case "${1:-}" in
start)
    fetch
    start_node 9200 9300 single
    wait_healthy 9200 1
    ;;
cluster)
    fetch
    start_node 9200 9300 cluster
    start_node 9201 9301 cluster
    wait_healthy 9200 2
    ;;
stop)
    stopped=0
    for dir in "$CACHE"/single-* "$CACHE"/cluster-*; do
        [ -d "$dir" ] || continue
        stop_node "${dir##*/}" && stopped=1
    done
    [ "$stopped" = 1 ] || echo "no OpenSearch node of this script is running"
    ;;
stop-node)
    port=${2:?usage: opensearch.sh stop-node PORT}
    stop_node "cluster-$port" || stop_node "single-$port" || echo "no node of this script on :$port"
    ;;
status)
    curl -fsS -m 2 "http://127.0.0.1:${2:-9200}/_cat/health?v" ||
        echo "no OpenSearch node answers on 127.0.0.1:${2:-9200}; run \`make opensearch\`"
    ;;
*)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
