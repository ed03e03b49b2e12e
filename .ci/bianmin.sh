#!/usr/bin/env bash
# What `make run`, `make test`, `make size` and `make tools` do. Each install step is skipped when
# its tool is already there, so a second run goes straight to the work.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_BIN="$ROOT/end2end/node_modules/.bin"
export PATH="$HOME/.cargo/bin:$BINARYEN_BIN:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'bianmin: %s\n' "$*" >&2; exit 1; }

apt_updated=0
need_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "please install: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing ${missing[*]} from Debian"
  if [ $apt_updated -eq 0 ]; then $sudo apt-get update -qq || return 1; apt_updated=1; fi
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

lock_version() { # the version of a crate in Cargo.lock
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust_tools() {
  command -v cargo >/dev/null || die "Rust is needed: install rustup (https://rustup.rs) and run again"
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || { say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown || return 1; }
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component" || return 1
  done
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (compiles for about a quarter of an hour, once)"
    tool_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads || return 1
  fi
  local wb; wb=$(lock_version wasm-bindgen)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
    say "installing wasm-bindgen-cli $wb (the version in Cargo.lock)"
    tool_install wasm-bindgen-cli --version "$wb" --force || return 1
  fi
}

# `cargo install` for a build tool. Their own release profiles ask for whole-program optimisation
# (cargo-leptos: fat LTO in one codegen unit, about 25 minutes here); tools that spend their time
# waiting on cargo and rustc gain nothing from it, so they are built at opt-level 1 without LTO
# (about 16 minutes).
tool_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    CARGO_INCREMENTAL=0 cargo install "$@"
}

ensure_npm() { # Playwright, axe-core and binaryen's wasm-opt, from end2end/package-lock.json
  command -v npm >/dev/null || die "Node.js and npm are needed"
  if [ ! -x "$BINARYEN_BIN/wasm-opt" ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing end2end npm packages (browser download skipped)"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV="$ROOT/target/tools/schemathesis"
ensure_schemathesis() { # the API fuzzer, from PyPI, in its own virtual environment
  [ "$("$SCHEMATHESIS_VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $3}')" = "$SCHEMATHESIS_VERSION" ] && return 0
  say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI"
  python3 -m venv "$SCHEMATHESIS_VENV" && "$SCHEMATHESIS_VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
}

ensure_tools() { ensure_rust_tools && ensure_npm && ensure_schemathesis; }

# Signs in as a registrar the way a browser does (the sign-in form's token, then the session)
# and sets STAFF_SESSION and STAFF_CSRF.
staff_sign_in() {
  local url=$1 jar token
  jar=$(mktemp)
  token=$(curl -s -c "$jar" "$url/staff/sign-in" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$token" --data-urlencode "username=e2e-clerk" \
    --data-urlencode "password=$BIANMIN_E2E_STAFF_PASSWORD" "$url/staff/sign-in"
  STAFF_SESSION=$(awk '$6 == "bianmin_staff" { print $7 }' "$jar")
  STAFF_CSRF=$(curl -s -b "$jar" "$url/staff" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  rm -f "$jar"
  [ -n "$STAFF_SESSION" ] && [ -n "$STAFF_CSRF" ] || { echo "could not sign in as e2e-clerk"; return 1; }
}

# Fuzzes the JSON API from its OpenAPI document against a running server, the staff API with a
# registrar's session: no answer may be a server error, every answer must be documented and
# match its schema, and what the document allows must be accepted (see .ci/schemathesis.toml
# for the refusals no schema can describe) and what it forbids refused.
api_fuzz() {
  local url=$1
  staff_sign_in "$url" || return 1
  "$SCHEMATHESIS_VENV/bin/schemathesis" --config-file "$ROOT/.ci/schemathesis.toml" \
    run "$url/api/v1/openapi.json" --checks all \
    --max-examples "${BIANMIN_FUZZ_EXAMPLES:-20}" --workers 1 --seed 1 \
    -H "Cookie: bianmin_staff=$STAFF_SESSION" -H "X-CSRF-Token: $STAFF_CSRF"
}

release_build() {
  cargo leptos build --release --precompress --split
}

# Starts (or reuses) a local PostgreSQL cluster for the store tests and exports its URL.
ensure_postgres() {
  need_apt postgresql || return 1
  local line
  line=$(pg_lsclusters --no-header 2>/dev/null | head -1)
  if [ -z "$line" ]; then
    pg_createcluster "$(ls /usr/lib/postgresql | sort -n | tail -1)" main >/dev/null || return 1
    line=$(pg_lsclusters --no-header | head -1)
  fi
  local ver name port
  read -r ver name port _ <<<"$line"
  pg_ctlcluster "$ver" "$name" start >/dev/null 2>&1 || true
  local psql=(su postgres -c)
  for _ in $(seq 1 30); do "${psql[@]}" "psql -p $port -qtAc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 1; done
  "${psql[@]}" "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'bianmin_test'\"" | grep -q 1 \
    || "${psql[@]}" "psql -p $port -qc \"CREATE ROLE bianmin_test LOGIN CREATEDB PASSWORD 'bianmin_test'\"" || return 1
  export BIANMIN_TEST_POSTGRES_URL="postgres://bianmin_test:bianmin_test@127.0.0.1:$port/postgres"
}

# Runs the browser tests against target/release/server started as a deployment would start it:
# from the repository root with only LEPTOS_SITE_ADDR, DATABASE_URL and BIANMIN_DATA_DIR set.
# Starts the release server on a fresh data directory with staff accounts for the browser tests
# and the fuzzer (made the way the first admin is made); sets TEST_DIR, TEST_PID and TEST_URL.
test_server_start() {
  local port=$1 account password="e2e staff passphrase"
  TEST_DIR=$(mktemp -d)
  export BIANMIN_E2E_STAFF_PASSWORD="$password"
  for account in "e2e-admin admin" "e2e-agent agent" "e2e-clerk registrar anning"; do
    # shellcheck disable=SC2086
    printf '%s\n' "$password" | env -i PATH=/usr/bin:/bin \
      DATABASE_URL="sqlite://$TEST_DIR/bianmin.sqlite3" BIANMIN_DATA_DIR="$TEST_DIR" \
      ./target/release/server staff add $account >/dev/null || return 1
  done
  # The browser stands behind a "proxy" (127.0.0.1 is trusted): each test sends its own
  # X-Forwarded-For, so per-address limits count each test apart. Texts go to outbox.log
  # (the file sender), where the tests read the codes as a phone's owner would.
  env -i PATH=/usr/bin:/bin LEPTOS_SITE_ADDR=127.0.0.1:$port \
    DATABASE_URL="sqlite://$TEST_DIR/bianmin.sqlite3" BIANMIN_DATA_DIR="$TEST_DIR" \
    BIANMIN_TRUSTED_PROXIES=127.0.0.1 \
    ./target/release/server >"$TEST_DIR/server.log" 2>&1 &
  TEST_PID=$!
  TEST_URL="http://127.0.0.1:$port"
}

# Stops the test server with SIGTERM (it must stop cleanly) and removes its data.
test_server_stop() {
  local status=0
  kill -TERM "$TEST_PID" 2>/dev/null
  if ! wait "$TEST_PID"; then
    echo "the server did not stop cleanly on SIGTERM; its log:"; cat "$TEST_DIR/server.log"; status=1
  fi
  rm -rf "$TEST_DIR"
  return $status
}

browser_tests() {
  need_apt chromium fonts-noto-cjk curl || return 1
  local status
  rm -f target/playwright-report.json
  test_server_start 3100 || return 1
  # The registrar check-in test starts a second server on the same database with a training
  # clock set to the appointment it booked (bookings close the day before, so none is for today).
  local root=$PWD
  (cd end2end && BIANMIN_E2E_URL="$TEST_URL" BIANMIN_E2E_STAFF_PASSWORD="$BIANMIN_E2E_STAFF_PASSWORD" \
    BIANMIN_E2E_SERVER="$root/target/release/server" BIANMIN_E2E_ROOT="$root" \
    BIANMIN_E2E_DATABASE_URL="sqlite://$TEST_DIR/bianmin.sqlite3" BIANMIN_E2E_DATA_DIR="$TEST_DIR" \
    npx playwright test ${E2E_ARGS:-})
  status=$?
  say "API fuzzing (schemathesis, ${BIANMIN_FUZZ_EXAMPLES:-20} examples per operation) against the same server"
  api_fuzz "$TEST_URL" || status=1
  test_server_stop || status=1
  return $status
}

# The release build against end2end/budgets.json: first-load sizes, no WebAssembly where no
# island runs, lazy chunks, and Lighthouse (mobile) on the pages it names, a staff desk among them.
budget_check() {
  local status
  test_server_start 3102 || return 1
  local tries=0
  until curl -sf "$TEST_URL/readyz" >/dev/null; do
    tries=$((tries + 1)); [ $tries -gt 100 ] && { echo "the server did not start"; cat "$TEST_DIR/server.log"; test_server_stop; return 1; }
    sleep 0.2
  done
  staff_sign_in "$TEST_URL" || { test_server_stop; return 1; }
  BIANMIN_BUDGET_COOKIE="bianmin_staff=$STAFF_SESSION" node end2end/scripts/budgets.mjs "$TEST_URL" target/site
  status=$?
  test_server_stop || status=1
  return $status
}

CARGO_DENY_VERSION=0.20.2
# Licenses (permissive only), sources (crates.io only) and bans (no wildcard versions) from
# deny.toml, and the RustSec advisories when their database can be fetched: it lives on GitHub,
# which some machines cannot reach; then a copy fetched before is used, or the check is skipped
# with a message saying so.
deny_check() {
  if [ "$(cargo deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
    say "installing cargo-deny $CARGO_DENY_VERSION (compiles for about 3 minutes, once)"
    tool_install cargo-deny --version "$CARGO_DENY_VERSION" --locked || return 1
  fi
  # `--offline` reads the crates from cargo's cache; a fresh machine has none until they are
  # fetched (cargo deny then finds no `gloo` and fails), so they are fetched first.
  cargo fetch --locked -q || return 1
  cargo deny --offline check licenses sources bans || return 1
  local out
  if out=$(cargo deny check advisories 2>&1); then
    echo "$out" | tail -1; return 0
  fi
  if ! grep -q "failed to fetch advisory database" <<<"$out"; then
    echo "$out"; return 1
  fi
  if ls -d "$HOME"/.cargo/advisory-dbs/advisory-db-*/crates >/dev/null 2>&1; then
    echo "advisories: the RustSec database cannot be fetched here; checking against the copy fetched before"
    cargo deny --offline check advisories
  else
    echo "advisories: skipped: the RustSec database (github.com/RustSec/advisory-db) cannot be fetched from this machine, and no copy was fetched before"
  fi
}

cmd_run() {
  ensure_tools || die "could not install the build tools"
  # The same build as `make test`'s, run as a deployment runs it: `cargo leptos serve` compiles
  # with other settings, so after a test run it rebuilt everything (about eight minutes).
  say "building (skipped when make test already built it)"
  release_build || die "the build failed"
  say "serving http://127.0.0.1:3000 (data in ./var; Ctrl-C stops)"
  exec ./target/release/server
}

cmd_test() {
  local passed=0 failed=0 failures=() started=$SECONDS
  step() {
    local name=$1; shift
    say "$name"
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
  }
  # A fresh clone gains nothing from incremental compilation caches, and they about double the
  # build's disk use; skip them unless a build directory is already there.
  [ -d target/debug ] || export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
  local free_gb
  free_gb=$(df -Pk . | awk 'NR == 2 { print int($4 / 1048576) }')
  [ "${free_gb:-99}" -lt 15 ] && echo "bianmin: only ${free_gb} GB free here; a first build needs about 15 GB"
  step "tools" ensure_tools
  step "postgresql" ensure_postgres
  step "format" cargo fmt --all -- --check
  step "dependencies (cargo deny)" deny_check
  step "lint (server)" cargo clippy -p app -p server --features app/ssr --all-targets -- -D warnings
  step "lint (wasm)" cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
  step "rust tests (app)" cargo test -p app --features ssr
  step "rust tests (server, SQLite and PostgreSQL)" cargo test -p server
  step "release and wasm build" release_build
  step "browser tests" browser_tests
  step "budgets (sizes and Lighthouse)" budget_check
  step "crash test (3 kills, SQLite and PostgreSQL)" crash_test 3
  echo
  node end2end/scripts/failures.mjs target/playwright-report.json 2>/dev/null
  [ $failed -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
  echo "took $((SECONDS - started)) s"
  echo "bianmin: $passed passed, $failed failed"
  [ $failed -eq 0 ]
}

cmd_size() {
  ensure_tools || exit 1
  release_build || exit 1
  node end2end/scripts/size-report.mjs target/site
}

# Kills the release server with SIGKILL under booking load, `$1` times, then checks that every
# acknowledged booking is stored, the database is sound and every slot counts its bookings. On
# SQLite, and on PostgreSQL when a local cluster runs (its own database, dropped afterwards).
crash_test() {
  local kills=${1:-10} status=0
  BIANMIN_CRASH_KILLS=$kills cargo run --release -q -p server --example crash_test || status=1
  if [ -n "${BIANMIN_TEST_POSTGRES_URL:-}" ]; then
    local db="bianmin_crash_$$" admin=$BIANMIN_TEST_POSTGRES_URL
    psql "$admin" -qc "CREATE DATABASE $db" >/dev/null || return 1
    BIANMIN_CRASH_KILLS=$kills BIANMIN_CRASH_DATABASE_URL="${admin%/*}/$db" \
      cargo run --release -q -p server --example crash_test || status=1
    psql "$admin" -qc "DROP DATABASE $db" >/dev/null || true
  fi
  return $status
}

cmd_crash_test() {
  ensure_tools || exit 1
  ensure_postgres || say "PostgreSQL unavailable: the crash test runs on SQLite only"
  [ -x target/release/server ] || release_build || exit 1
  crash_test "${BIANMIN_CRASH_KILLS:-10}"
}

# The full API fuzz: schemathesis with every check against a fresh release server, 100 examples
# per operation unless BIANMIN_FUZZ_EXAMPLES says otherwise (make test runs 20).
cmd_fuzz() {
  ensure_tools || exit 1
  [ -x target/release/server ] || release_build || exit 1
  local status
  test_server_start 3101 || exit 1
  local tries=0
  until curl -sf "$TEST_URL/readyz" >/dev/null; do
    tries=$((tries + 1)); [ $tries -gt 100 ] && { echo "the server did not start"; cat "$TEST_DIR/server.log"; exit 1; }
    sleep 0.2
  done
  say "API fuzzing (schemathesis, ${BIANMIN_FUZZ_EXAMPLES:=100} examples per operation)"
  export BIANMIN_FUZZ_EXAMPLES
  api_fuzz "$TEST_URL"; status=$?
  test_server_stop || status=1
  exit $status
}

cmd_bench() {
  cargo bench -p server --bench eligibility || exit 1
  cargo bench -p server --bench directory_search || exit 1
  ensure_postgres || say "PostgreSQL unavailable: the booking benchmark runs on SQLite only"
  cargo bench -p server --bench booking_load
}

case "${1:-}" in
  run) cmd_run ;;
  bench) cmd_bench ;;
  crash-test) cmd_crash_test ;;
  fuzz) cmd_fuzz ;;
  test) cmd_test ;;
  size) cmd_size ;;
  tools) ensure_tools ;;
  *) echo "usage: $0 run|test|size|bench|crash-test|fuzz|tools"; exit 2 ;;
esac
