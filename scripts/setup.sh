#!/usr/bin/env bash
# Idempotent set-up shared by `make run` and `make test`.
#
# - finds an Odoo 18.0 Community source tree (ODOO_SRC, else the per-user cache,
#   else a shallow clone of the official 18.0 branch into that cache);
# - builds a virtualenv with Odoo's requirements and our tooling;
# - makes sure PostgreSQL answers (PG* variables, else the local Debian cluster);
# - installs Chromium when it is missing (browser tests need it).
#
# Source it (`. scripts/setup.sh`) to get ODOO_SRC, VENV, PY, ADDONS_PATH and
# ODOO_DB_ARGS exported; run it to only prepare the machine.
set -euo pipefail

ACR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACR_HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
ACR_CACHE="${ACR_CACHE:-${XDG_CACHE_HOME:-$ACR_HOME/.cache}/accounting_client_relations}"
# A machine-wide place an administrator may also put the Odoo tree in.
ACR_SHARED_SRC="${ACR_SHARED_SRC:-/opt/accounting_client_relations/odoo-18.0}"
ODOO_BRANCH=18.0
# Every addon of the repository, the main one first: the bridge to Invoicing
# (accounting_client_relations_account) is installed, linted and tested with it.
ACR_ADDONS=(accounting_client_relations accounting_client_relations_account)
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else return 1
    fi
}

apt_install() {
    # Install Debian packages that are missing; a no-op when all are there.
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    command -v apt-get >/dev/null 2>&1 || die "Install these packages with your system's package manager: ${missing[*]}."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "Could not install ${missing[*]}: run 'apt-get install ${missing[*]}' as root, then try again."
}

# --- 1. Odoo source ---------------------------------------------------------
find_odoo() {
    local cached="$ACR_CACHE/odoo-$ODOO_BRANCH"
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree: point it at a checkout of Odoo $ODOO_BRANCH Community."
    elif [ -f "$cached/odoo/release.py" ]; then
        ODOO_SRC="$cached"
    elif [ -f "$ACR_SHARED_SRC/odoo/release.py" ]; then
        ODOO_SRC="$ACR_SHARED_SRC"
    else
        log "no Odoo source in ODOO_SRC or $cached: cloning the official $ODOO_BRANCH branch"
        mkdir -p "$ACR_CACHE"
        if ! git clone -q --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT_URL" "$cached.part" 2>/dev/null; then
            rm -rf "$cached.part"
            die "No Odoo $ODOO_BRANCH source found: set ODOO_SRC to an Odoo $ODOO_BRANCH Community checkout, or put one in $cached or $ACR_SHARED_SRC."
        fi
        mv "$cached.part" "$cached"
        ODOO_SRC="$cached"
    fi
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"
    grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" \
        || die "ODOO_SRC=$ODOO_SRC is not Odoo 18.0: point it at an Odoo 18.0 Community checkout."
    for ent in web_enterprise appointment sign web_studio; do
        if [ -d "$ODOO_SRC/addons/$ent" ] || [ -d "$ODOO_SRC/odoo/addons/$ent" ]; then
            die "ODOO_SRC=$ODOO_SRC contains the Enterprise module '$ent': use an Odoo Community tree."
        fi
    done
    # Some trees keep the full set of addons in odoo/addons as well as in
    # addons/: the package's own folder wins, as it does for odoo-bin.
    ADDONS_PATH="$ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$ACR_ROOT"
    export ODOO_SRC ADDONS_PATH
}

# --- 2. System packages -----------------------------------------------------
system_packages() {
    local pkgs=(postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev
                libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev wkhtmltopdf)
    [ "${ACR_NO_BROWSER:-}" = 1 ] || pkgs+=(chromium)
    apt_install "${pkgs[@]}"
    rtl_css
}

# Odoo mirrors the stylesheets of right-to-left languages (Persian) with
# rtlcss; without it, it logs a WARNING and serves Persian pages unmirrored.
rtl_css() {
    command -v rtlcss >/dev/null 2>&1 && return 0
    command -v npm >/dev/null 2>&1 || apt_install npm
    as_root npm install -g --silent rtlcss >/dev/null 2>&1 \
        || die "Could not install rtlcss: run 'npm install -g rtlcss' as root, then try again."
}

# --- 3. Virtualenv ----------------------------------------------------------
venv() {
    local python="${PYTHON:-python3}"
    local pyver
    pyver="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    VENV="${ACR_VENV:-$ACR_CACHE/venv-py$pyver}"
    PY="$VENV/bin/python"
    local stamp="$VENV/.acr-stamp"
    local want
    want="$(cat "$ODOO_SRC/requirements.txt" "$ACR_ROOT/requirements-dev.txt" "$ACR_ROOT/scripts/constraints-build.txt" | sha256sum | cut -c1-16)"
    if [ ! -x "$PY" ]; then
        log "creating the virtualenv $VENV"
        "$python" -m venv "$VENV"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "installing Odoo's requirements and the dev tools into $VENV (a few minutes the first time)"
        # setuptools < 70 in build environments: some pinned requirements still
        # import pkg_resources in their setup.py.
        PIP_CONSTRAINT="$ACR_ROOT/scripts/constraints-build.txt" \
            "$PY" -m pip install -q --upgrade "pip<25" wheel "setuptools<70"
        PIP_CONSTRAINT="$ACR_ROOT/scripts/constraints-build.txt" \
            "$PY" -m pip install -q -r "$ODOO_SRC/requirements.txt" -r "$ACR_ROOT/requirements-dev.txt"
        echo "$want" > "$stamp"
    fi
    # `import odoo` from the source tree, without copying anything.
    local site
    site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_SRC" > "$site/acr_odoo_src.pth"
    ln -sfn "$VENV" "$ACR_ROOT/.venv"
    export VENV PY
}

# --- 3b. Lint tools ---------------------------------------------------------
# The OCA checks require polib 1.2 while Odoo 18 pins polib 1.1.1: pip cannot
# put both in one virtualenv, so they get their own (requirements-lint.txt).
lint_venv() {
    local python="${PYTHON:-python3}"
    local pyver want
    pyver="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    LINT_VENV="${ACR_LINT_VENV:-$ACR_CACHE/venv-lint-py$pyver}"
    want="$(sha256sum < "$ACR_ROOT/requirements-lint.txt" | cut -c1-16)"
    if [ "$(cat "$LINT_VENV/.acr-stamp" 2>/dev/null)" != "$want" ]; then
        mkdir -p "$ACR_CACHE"
        (
            # Several checkouts may set up at once: one builds, the others wait.
            flock 9
            if [ "$(cat "$LINT_VENV/.acr-stamp" 2>/dev/null)" != "$want" ]; then
                log "installing the OCA checks into $LINT_VENV"
                [ -x "$LINT_VENV/bin/python" ] || "$python" -m venv "$LINT_VENV"
                # (pip's notes on the machine's local index folders are noise)
                "$LINT_VENV/bin/python" -m pip install -q -r "$ACR_ROOT/requirements-lint.txt" 2>&1 \
                    | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2 \
                    || die "Could not install requirements-lint.txt into $LINT_VENV."
                echo "$want" > "$LINT_VENV/.acr-stamp"
            fi
        ) 9>"$ACR_CACHE/venv-lint.lock"
    fi
    export LINT_VENV
}

# --- 4. PostgreSQL ----------------------------------------------------------
postgres() {
    ODOO_DB_ARGS=()
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGPASSWORD:-}" ]; then
        log "using the PostgreSQL server from the PG* variables"
        [ -n "${PGHOST:-}" ] && ODOO_DB_ARGS+=(--db_host="$PGHOST")
        [ -n "${PGPORT:-}" ] && ODOO_DB_ARGS+=(--db_port="$PGPORT")
        [ -n "${PGUSER:-}" ] && ODOO_DB_ARGS+=(--db_user="$PGUSER")
        [ -n "${PGPASSWORD:-}" ] && ODOO_DB_ARGS+=(--db_password="$PGPASSWORD")
        psql -d postgres -Atc 'select 1' >/dev/null 2>&1 \
            || die "The PostgreSQL server named by the PG* variables does not answer: check PGHOST, PGPORT, PGUSER and PGPASSWORD."
    else
        if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
            local cluster
            cluster="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')"
            [ -n "$cluster" ] || die "No PostgreSQL cluster found: install PostgreSQL 15 (apt-get install postgresql) or set the PG* variables."
            # shellcheck disable=SC2086
            if ! pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online; then
                log "starting the local PostgreSQL cluster $cluster (loopback only)"
                as_root pg_ctlcluster $cluster start \
                    || die "Could not start PostgreSQL: run 'pg_ctlcluster $cluster start' as root."
            fi
            local me
            me="$(id -un)"
            if [ "$me" = postgres ]; then die "Odoo refuses the postgres role: run as another user."; fi
            as_root su postgres -c "psql -Atqc \"select 1 from pg_roles where rolname='$me'\" | grep -q 1 \
                || createuser --superuser '$me'" \
                || die "Could not create the PostgreSQL role '$me': run 'createuser --superuser $me' as the postgres user."
            psql -d postgres -Atc 'select 1' >/dev/null 2>&1 \
                || die "PostgreSQL still does not answer for role '$me': check the cluster with pg_lsclusters."
        fi
    fi
    export ODOO_DB_ARGS
}

acr_setup() {
    find_odoo
    system_packages
    venv
    lint_venv
    postgres
    log "Odoo $ODOO_SRC, Python $PY"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    acr_setup
fi
