#!/usr/bin/env bash
# Runs the whole procdoc test suite. Installs what the suite needs when it is
# missing (Chromium for the browser test), then runs every Rust test, builds
# the bundled site, and runs procdoc over the shared corpus when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- what the suite needs -------------------------------------------------
# The browser test must run here: without a browser it fails instead of
# printing SKIPPED (see tests/browser.rs).
export PROCDOC_REQUIRE_BROWSER=1
have_browser() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1
}
if ! have_browser; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium (for the browser test)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if ! have_browser; then
    echo "error: no chromium, chromium-browser or google-chrome, and it cannot be installed here;" >&2
    echo "       install one (the browser test needs it) and run this script again" >&2
    exit 2
  fi
fi

# --- Rust tests -----------------------------------------------------------
echo "== cargo test"
cargo test --all-targets --locked

# --- the main job: build the bundled site, test its snippets -------------
echo "== procdoc build (bundled tutorial site)"
cargo run --release --locked -q -- build --deny-warnings
echo "== procdoc test (bundled tutorial snippets)"
cargo run --release --locked -q -- test

# --- the shared corpus (report only: it has truly missing files) ----------
if [ -d ../shared/corpus ]; then
  echo "== procdoc build over ../shared/corpus (report, not a gate)"
  for root in ../shared/corpus/docs-node ../shared/corpus/mongodb-docs-extract; do
    out=$(mktemp -d)
    set +e
    cargo run --release --locked -q -- build --root "$root" --out "$out" --message-format json > "$out/diags.jsonl"
    status=$?
    set -e
    python3 - "$out/diags.jsonl" "$root" "$status" <<'PY' || true
import collections, json, sys
counts = collections.Counter()
for line in open(sys.argv[1]):
    d = json.loads(line)
    counts[(d["severity"], d["code"])] += 1
summary = ", ".join(f"{n} {sev} {code}" for (sev, code), n in counts.most_common())
print(f"   {sys.argv[2]}: exit {sys.argv[3]}; {summary or 'no diagnostics'}")
PY
    rm -rf "$out"
    echo "   procdoc test --root $root:"
    set +e
    cargo run --release --locked -q -- test --root "$root" 2>/dev/null | tail -n 3 | sed 's/^/     /'
    set -e
  done
  echo "== procdoc diff --pair-dirs over the corpus's AWS tutorials (report, not a gate)"
  set +e
  cargo run --release --locked -q -- diff --root ../shared/corpus/mongodb-docs-extract \
    --pair-dirs source/includes/tutorials/automatic/aws source/includes/queryable-encryption/tutorials/automatic/aws \
    | grep -E '^(comparing|[0-9]+ paired|summary|total|source/.*no differences)' | sed 's/^/   /'
  set -e
fi
echo "== all tests passed"
