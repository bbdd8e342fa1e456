# shellcheck shell=bash
# Local PostgreSQL + pgvector helpers for ./docent. Source this file; it defines functions only.
#
# Layout:
#   state dir  ${DOCENT_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/docent}
#              When running as root and DOCENT_STATE_DIR is unset the state dir is /var/lib/docent instead:
#              initdb refuses to run as root, so the cluster is owned by the "postgres" OS user and every
#              server binary runs through `runuser -u postgres --`; that user cannot traverse /root (mode 700).
#   pgdata     <state dir>/pgdata          (owned by the cluster user, mode 700, also holds the unix socket)
#   server log <state dir>/pgdata/server.log
#   password   <state dir>/db-password     (role "docent", random, generated once, mode 600)
#   port       ${DOCENT_PG_PORT:-54329}, listening on 127.0.0.1 only.

DOCENT_PG_DB=docent
DOCENT_PG_USER=docent

pg_say() { printf '%s\n' "$*" >&2; }
pg_die() {
    printf 'docent: error: %s\n' "$*" >&2
    return 1
}

# Run a privileged command (apt-get etc.): directly as root, via sudo otherwise.
pg_as_admin() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        pg_die "need root to run: $* (no sudo available)"
    fi
}

pg_apt() {
    pg_as_admin env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@" </dev/null
}

pg_have_apt() { command -v apt-get >/dev/null 2>&1; }

DOCENT_APT_UPDATED=0
pg_apt_update() {
    if [[ $DOCENT_APT_UPDATED -eq 0 || ${1:-} == force ]]; then
        pg_say "apt: apt-get update"
        # Not fatal: an unreachable third-party source should not stop us from installing Debian packages.
        pg_apt update >/dev/null || pg_say "apt: apt-get update reported errors; continuing"
        DOCENT_APT_UPDATED=1
    fi
}

# Sets PG_MAJOR, PG_BINDIR, PG_CONFIG for the newest /usr/lib/postgresql/<N>/bin with initdb + pg_ctl,
# falling back to `pg_config --bindir` on PATH (non-Debian layouts). Returns 1 when nothing is found.
pg_find_server() {
    local dir best="" bestn=0 n
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x $dir/initdb && -x $dir/pg_ctl ]] || continue
        n=${dir#/usr/lib/postgresql/}
        n=${n%%/*}
        [[ $n =~ ^[0-9]+$ ]] || continue
        if ((n > bestn)); then
            bestn=$n
            best=$dir
        fi
    done
    if [[ -n $best ]]; then
        PG_BINDIR=$best
        PG_MAJOR=$bestn
        PG_CONFIG=$best/pg_config
        [[ -x $PG_CONFIG ]] || PG_CONFIG=$(command -v pg_config || true)
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir)
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            PG_BINDIR=$dir
            PG_CONFIG=$(command -v pg_config)
            PG_MAJOR=$(pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
            return 0
        fi
    fi
    return 1
}

# Ensure PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed.
pg_ensure_server() {
    if pg_find_server; then
        pg_say "postgres: server binaries: $PG_BINDIR (PostgreSQL $PG_MAJOR)"
        return 0
    fi
    pg_have_apt || pg_die "PostgreSQL server binaries not found (no initdb/pg_ctl) and this is not a Debian/Ubuntu system; install PostgreSQL >= 13 server packages" || return 1
    pg_say "postgres: server binaries missing; installing 'postgresql' with apt (needed for the local database and for tests)"
    pg_apt_update || return 1
    pg_apt install postgresql >/dev/null || return 1
    pg_find_server || pg_die "PostgreSQL installed but initdb/pg_ctl still not found under /usr/lib/postgresql" || return 1
    pg_say "postgres: server binaries: $PG_BINDIR (PostgreSQL $PG_MAJOR)"
}

pg_vector_installed() {
    [[ -n ${PG_CONFIG:-} ]] && [[ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]]
}

# Ensure the pgvector extension is installed for the PostgreSQL found by pg_ensure_server.
pg_ensure_pgvector() {
    [[ -n ${PG_MAJOR:-} ]] || pg_ensure_server || return 1
    if pg_vector_installed; then
        pg_say "pgvector: already installed"
        return 0
    fi
    pg_have_apt || pg_die "pgvector is not installed for PostgreSQL $PG_MAJOR ($("$PG_CONFIG" --sharedir)/extension/vector.control missing); install it from https://github.com/pgvector/pgvector" || return 1

    # 1) A packaged build (Ubuntu, Debian >= trixie, apt.postgresql.org).
    local pkg="postgresql-$PG_MAJOR-pgvector"
    pg_apt_update || return 1
    if apt-cache show "$pkg" >/dev/null 2>&1; then
        pg_say "pgvector: installing package $pkg"
        pg_apt install "$pkg" >/dev/null || return 1
        pg_vector_installed && {
            pg_say "pgvector: installed ($pkg)"
            return 0
        }
    fi

    # 2) No package (Debian bookworm): build the Debian trixie source package against the local server.
    pg_say "pgvector: no package $pkg; building from Debian trixie sources"
    local devpkg="postgresql-server-dev-$PG_MAJOR" need=()
    dpkg -s "$devpkg" >/dev/null 2>&1 || need+=("$devpkg")
    dpkg -s build-essential >/dev/null 2>&1 || need+=(build-essential)
    dpkg -s dpkg-dev >/dev/null 2>&1 || need+=(dpkg-dev)
    if ((${#need[@]})); then
        pg_say "pgvector: installing build prerequisites: ${need[*]}"
        pg_apt install "${need[@]}" >/dev/null || return 1
    fi

    local list=/etc/apt/sources.list.d/docent-trixie-src.list
    if [[ ! -f $list ]]; then
        local mirror
        mirror=$(pg_debian_mirror)
        pg_say "pgvector: adding $list (deb-src only; binary packages are unaffected) using $mirror"
        printf '# Added by docent (deploy/local/postgres.sh) to build pgvector from source.\ndeb-src %s trixie main\n' "$mirror" |
            pg_as_admin tee "$list" >/dev/null || return 1
        pg_apt_update force || return 1
    fi

    local work
    work=$(mktemp -d "${TMPDIR:-/tmp}/docent-pgvector.XXXXXX")
    chmod 755 "$work" # apt-get source may drop privileges to _apt for the download
    pg_say "pgvector: apt-get source pgvector (in $work)"
    (cd "$work" && apt-get -q source pgvector </dev/null >"$work/source.log" 2>&1) || {
        cat "$work/source.log" >&2
        pg_die "apt-get source pgvector failed"
        return 1
    }
    local src
    src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
    [[ -n $src ]] || pg_die "pgvector source directory not found in $work" || return 1
    pg_say "pgvector: building $(basename "$src") with PG_CONFIG=$PG_CONFIG"
    # OPTFLAGS= : no -march=native, so the build also works on other CPUs of the same architecture.
    (cd "$src" && make -j"$(nproc 2>/dev/null || echo 2)" OPTFLAGS= PG_CONFIG="$PG_CONFIG" >"$work/build.log" 2>&1) || {
        tail -n 40 "$work/build.log" >&2
        pg_die "pgvector build failed (log: $work/build.log)"
        return 1
    }
    pg_say "pgvector: make install"
    (cd "$src" && pg_as_admin make install OPTFLAGS= PG_CONFIG="$PG_CONFIG" >"$work/install.log" 2>&1) || {
        tail -n 40 "$work/install.log" >&2
        pg_die "pgvector install failed (log: $work/install.log)"
        return 1
    }
    rm -rf "$work"
    pg_vector_installed || pg_die "pgvector install finished but vector.control is still missing" || return 1
    pg_say "pgvector: installed from source"
}

# The Debian mirror already configured on this machine (deb822 or one-line sources), default deb.debian.org.
pg_debian_mirror() {
    local m=""
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)
    fi
    if [[ -z $m && -f /etc/apt/sources.list ]]; then
        m=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }' /etc/apt/sources.list)
    fi
    printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

# ---------------------------------------------------------------------------------------------------------
# Local cluster
# ---------------------------------------------------------------------------------------------------------

pg_state_dir() {
    if [[ -n ${DOCENT_STATE_DIR:-} ]]; then
        printf '%s\n' "$DOCENT_STATE_DIR"
    elif [[ $(id -u) -eq 0 ]]; then
        printf '%s\n' /var/lib/docent
    else
        printf '%s\n' "${XDG_STATE_HOME:-$HOME/.local/state}/docent"
    fi
}
pg_data_dir() { printf '%s/pgdata\n' "$(pg_state_dir)"; }
pg_port() { printf '%s\n' "${DOCENT_PG_PORT:-54329}"; }
pg_password_file() { printf '%s/db-password\n' "$(pg_state_dir)"; }
pg_jdbc_url() { printf 'jdbc:postgresql://127.0.0.1:%s/%s\n' "$(pg_port)" "$DOCENT_PG_DB"; }

# Run a server binary as the cluster owner (postgres when we are root).
pg_run() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_password() {
    local f
    f=$(pg_password_file)
    if [[ ! -s $f ]]; then
        (
            umask 077
            head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$f"
        ) || return 1
    fi
    chmod 600 "$f"
    cat "$f"
}

pg_cluster_running() {
    local data
    data=$(pg_data_dir)
    [[ -f $data/PG_VERSION ]] || return 1
    pg_run "$PG_BINDIR/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# Port the running cluster listens on (from postmaster.pid).
pg_running_port() { sed -n 4p "$(pg_data_dir)/postmaster.pid" 2>/dev/null; }

pg_cluster_init() {
    local state data
    state=$(pg_state_dir)
    data=$(pg_data_dir)
    mkdir -p "$state" || return 1
    if [[ -f $data/PG_VERSION ]]; then
        local v
        v=$(cat "$data/PG_VERSION")
        [[ $v == "$PG_MAJOR" ]] || pg_die "cluster in $data is PostgreSQL $v but the server binaries are $PG_MAJOR; remove $data (./docent down first) to recreate it" || return 1
        return 0
    fi
    if [[ $(id -u) -eq 0 ]]; then
        chmod 755 "$state"
        mkdir -p "$data"
        chown postgres: "$data"
        runuser -u postgres -- test -w "$data" || pg_die "user postgres cannot reach $data; pick a DOCENT_STATE_DIR outside /root (default for root: /var/lib/docent)" || return 1
    fi
    pg_say "cluster: initdb $data (PostgreSQL $PG_MAJOR)"
    # Local (unix socket) connections: trust, the socket lives in the 0700 data dir so only the cluster owner
    # can use it. TCP (127.0.0.1 only): password auth.
    pg_run "$PG_BINDIR/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$state/initdb.log" 2>&1 || {
        cat "$state/initdb.log" >&2
        pg_die "initdb failed"
        return 1
    }
    pg_run tee -a "$data/postgresql.conf" >/dev/null <<EOF

# --- docent local cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
EOF
}

pg_psql() {
    pg_run env PGOPTIONS="-c client_min_messages=warning" "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_data_dir)" -p "$(pg_running_port)" -U postgres "$@"
}

# Idempotent: role docent (password from the state dir), database docent, extension vector.
pg_cluster_provision() {
    local pw
    pw=$(pg_password) || return 1
    pg_psql -d postgres -v pw="$pw" >/dev/null <<'SQL' || return 1
SELECT format('CREATE ROLE docent LOGIN PASSWORD %L', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'docent') \gexec
SELECT format('ALTER ROLE docent LOGIN PASSWORD %L', :'pw') \gexec
SELECT 'CREATE DATABASE docent OWNER docent'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'docent') \gexec
SQL
    pg_psql -d docent -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null || return 1
}

# Memory this machine (or its cgroup, when that is lower) has, in MiB.
pg_memory_mb() {
    local mb limit
    mb=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null)
    [[ -n $mb ]] || mb=4096
    limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || true)
    if [[ $limit =~ ^[0-9]+$ ]] && ((limit / 1048576 < mb)); then
        mb=$((limit / 1048576))
    fi
    printf '%s\n' "$mb"
}

# Writes the cluster's memory settings to $data/docent.conf (included from postgresql.conf), sized from the
# machine at every start (docs/operations.md). PostgreSQL's default shared_buffers (128MB) keeps a 100k-chunk
# collection's HNSW graph and BM25 postings out of the buffer cache, so every search copies thousands of pages
# from the OS cache. DOCENT_PG_SHARED_BUFFERS (e.g. 1GB) overrides the size.
pg_cluster_tune() {
    local data=$1 mb shared cache maint
    mb=$(pg_memory_mb)
    shared=$((mb / 4))
    ((shared > 4096)) && shared=4096
    ((shared < 128)) && shared=128
    cache=$((mb / 2))
    ((cache < 256)) && cache=256
    maint=$((mb / 16))
    ((maint > 1024)) && maint=1024
    ((maint < 64)) && maint=64
    shared=${DOCENT_PG_SHARED_BUFFERS:-${shared}MB}
    grep -q "^include_if_exists = 'docent.conf'" "$data/postgresql.conf" 2>/dev/null ||
        printf "include_if_exists = 'docent.conf'\n" | pg_run tee -a "$data/postgresql.conf" >/dev/null
    printf '%s\n' "# written by deploy/local/postgres.sh at every start: sized from $mb MiB of memory" \
        "shared_buffers = '$shared'" \
        "effective_cache_size = '${cache}MB'" \
        "maintenance_work_mem = '${maint}MB'" | pg_run tee "$data/docent.conf" >/dev/null
}

# Initialise (first time), start and provision the local cluster.
pg_cluster_up() {
    pg_ensure_server || return 1
    pg_ensure_pgvector || return 1
    local data port
    data=$(pg_data_dir)
    port=$(pg_port)
    if pg_cluster_running; then
        pg_say "cluster: already running on port $(pg_running_port)"
    else
        pg_cluster_init || return 1
        pg_cluster_tune "$data" || return 1
        pg_say "cluster: starting on 127.0.0.1:$port (data $data, shared_buffers $(sed -n "s/^shared_buffers = '\(.*\)'/\1/p" "$data/docent.conf"))"
        pg_run "$PG_BINDIR/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "-p $port" start >/dev/null || {
            tail -n 20 "$data/server.log" >&2
            pg_die "pg_ctl start failed (log: $data/server.log)"
            return 1
        }
    fi
    pg_cluster_provision || pg_die "provisioning role/database/extension failed" || return 1
    pg_say "cluster: ready, $(pg_jdbc_url) user $DOCENT_PG_USER (password in $(pg_password_file))"
}

pg_cluster_down() {
    local data
    data=$(pg_data_dir)
    [[ -f $data/PG_VERSION ]] || {
        pg_say "cluster: none in $data"
        return 0
    }
    pg_find_server || {
        pg_say "cluster: server binaries not found, cannot stop"
        return 1
    }
    if pg_cluster_running; then
        pg_say "cluster: stopping"
        pg_run "$PG_BINDIR/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null ||
            pg_run "$PG_BINDIR/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
    else
        pg_say "cluster: not running"
    fi
}

pg_cluster_status() {
    local data
    data=$(pg_data_dir)
    if [[ ! -f $data/PG_VERSION ]]; then
        echo "cluster: not initialised ($data)"
    elif ! pg_find_server; then
        echo "cluster: $data (server binaries missing)"
    elif pg_cluster_running; then
        echo "cluster: running on 127.0.0.1:$(pg_running_port) (data $data, PostgreSQL $(cat "$data/PG_VERSION"))"
    else
        echo "cluster: stopped (data $data)"
    fi
}
