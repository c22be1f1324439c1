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

# --- the shared corpus (a report: it has truly missing files) ------------
# Diagnostics and failed snippets are expected there and only reported; a
# crash is not: an exit status other than 0, 1 or 2, "panicked at" in the
# output, or non-JSON on stdout with --message-format json fails the run.
corpus=${PROCDOC_CORPUS:-../shared/corpus}
skipped=()
crashed=()

# check_run WHAT STATUS FILE...: records a crash of one procdoc run.
check_run() {
  local what=$1 status=$2
  shift 2
  if [ "$status" -gt 2 ] || grep -q 'panicked at' "$@"; then
    echo "   CRASH: $what (exit $status)" >&2
    grep -h -m 5 -A 5 'panicked at' "$@" >&2 || true
    crashed+=("$what (exit $status)")
  fi
}

if [ -d "$corpus" ]; then
  echo "== procdoc over $corpus (a report; only a crash fails the run)"
  for name in docs-node mongodb-docs-extract mongodb-manual-2021; do
    root="$corpus/$name"
    if [ ! -d "$root" ]; then
      echo "SKIPPED: corpus project $root is missing"
      skipped+=("corpus project $root (missing)")
      continue
    fi
    out=$(mktemp -d)
    status=0
    cargo run --release --locked -q -- build --root "$root" --out "$out/site" --message-format json \
      > "$out/diags.jsonl" 2> "$out/build.err" || status=$?
    check_run "procdoc build --root $root" "$status" "$out/diags.jsonl" "$out/build.err"
    if ! python3 - "$out/diags.jsonl" "$root" "$status" <<'PY'
import collections, json, sys
counts = collections.Counter()
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    try:
        d = json.loads(line)
    except ValueError:
        sys.exit(f"   line {n} of the JSON diagnostics is not JSON: {line[:200]!r}")
    counts[(d["severity"], d["code"])] += 1
summary = ", ".join(f"{n} {sev} {code}" for (sev, code), n in counts.most_common())
print(f"   {sys.argv[2]}: exit {sys.argv[3]}; {summary or 'no diagnostics'}")
PY
    then
      crashed+=("procdoc build --root $root (bad JSON diagnostics)")
    fi
    status=0
    cargo run --release --locked -q -- test --root "$root" \
      > "$out/test.out" 2> "$out/test.err" || status=$?
    check_run "procdoc test --root $root" "$status" "$out/test.out" "$out/test.err"
    echo "   procdoc test --root $root: exit $status"
    tail -n 3 "$out/test.out" | sed 's/^/     /'
    rm -rf "$out"
  done
  extract="$corpus/mongodb-docs-extract"
  if [ -d "$extract" ]; then
    echo "== procdoc diff --pair-dirs over the corpus's AWS tutorials (report, not a gate)"
    out=$(mktemp -d)
    status=0
    cargo run --release --locked -q -- diff --root "$extract" \
      --pair-dirs source/includes/tutorials/automatic/aws source/includes/queryable-encryption/tutorials/automatic/aws \
      > "$out/diff.out" 2> "$out/diff.err" || status=$?
    check_run "procdoc diff --pair-dirs (mongodb-docs-extract)" "$status" "$out/diff.out" "$out/diff.err"
    echo "   exit $status"
    grep -E '^(comparing|[0-9]+ paired|summary|total|source/.*no differences)' "$out/diff.out" \
      | sed 's/^/   /' || true
    rm -rf "$out"
  fi
  echo "== every JSON policy in the corpus through procdoc test (report, not a gate)"
  if ! PROCDOC_CORPUS="$corpus" bash scripts/corpus-policies.sh; then
    crashed+=("scripts/corpus-policies.sh")
  fi
else
  echo "SKIPPED: the shared corpus is not at $corpus (set PROCDOC_CORPUS); procdoc was NOT run on real projects"
  skipped+=("the corpus section ($corpus not found)")
fi

if [ "${#crashed[@]}" -gt 0 ]; then
  echo "== FAILED: procdoc crashed on the corpus:" >&2
  printf '   %s\n' "${crashed[@]}" >&2
  exit 1
fi
if [ "${#skipped[@]}" -gt 0 ]; then
  echo "== all tests passed, but SKIPPED:"
  printf '   SKIPPED: %s\n' "${skipped[@]}"
else
  echo "== all tests passed"
fi
