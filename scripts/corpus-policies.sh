#!/usr/bin/env bash
# Report step (issue 12): runs `procdoc test` on every JSON policy it can
# find in the real-docs corpus (../shared/corpus relative to the repo) and
# prints a summary. It is a report, not a gate: findings in documents nobody
# here wrote do not fail CI. It exits 1 only when procdoc crashes (an exit
# status other than 0, 1 or 2, or "panicked at" in its output).
#
# Two kinds of input:
#  - each corpus project (a folder with snooty.toml or procdoc.toml): every
#    JSON snippet its pages show, policies included;
#  - every *.json file in the corpus holding a "Statement": copied into a
#    scratch project (one page literalincluding them), since a file that no
#    page shows is not a snippet of its project.
#
# Usage: [PROCDOC_CORPUS=DIR] scripts/corpus-policies.sh [PROCDOC_BINARY]   (default: target/release/procdoc,
#        else target/debug/procdoc, built with cargo if neither exists)
set -u
cd "$(dirname "$0")/.."
corpus="${PROCDOC_CORPUS:-../shared/corpus}"
bin="${1:-}"
if [ -z "$bin" ]; then
  for b in target/release/procdoc target/debug/procdoc; do
    if [ -x "$b" ]; then bin="$b"; break; fi
  done
fi
if [ -z "$bin" ]; then
  cargo build --quiet --bin procdoc || { echo "corpus-policies: cannot build procdoc"; exit 1; }
  bin=target/debug/procdoc
fi
if [ ! -d "$corpus" ]; then
  echo "corpus-policies: SKIPPED: $corpus is absent (CI always has it)"
  exit 0
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
crashed=0
summary=()

# Runs procdoc test on one root; records its summary line; flags crashes.
check() {
  local name="$1" root="$2"
  local out="$scratch/out.json" err="$scratch/err.txt"
  "$bin" test --root "$root" --message-format json >"$out" 2>"$err"
  local status=$?
  if [ "$status" -gt 2 ] || grep -q "panicked at" "$out" "$err"; then
    echo "corpus-policies: CRASH on $name (exit status $status)"
    tail -n 20 "$err"
    crashed=1
  fi
  # Findings by code, for the report.
  local codes
  codes="$(grep -o '"code":"[a-z-]*"' "$out" | cut -d'"' -f4 | sort | uniq -c |
    awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')"
  local allowed
  allowed="$(grep -c '"severity":"allowed"' "$out")"
  summary+=("$name (exit $status): $(tail -n 1 "$err")${codes:+; findings: $codes}; allowed: $allowed")
}

for project in "$corpus"/*/ "$corpus"/mongodb-docs-extract/content/manual/manual/; do
  [ -d "$project" ] || continue
  if [ -f "$project/snooty.toml" ] || [ -f "$project/procdoc.toml" ]; then
    check "${project#"$corpus"/}" "$project"
  fi
done

# Standalone policy files, one scratch project.
policies="$scratch/policies"
mkdir -p "$policies/source" "$policies/includes"
printf '[project]\ntitle = "Corpus policies"\n' >"$policies/procdoc.toml"
{ printf 'Corpus policies\n===============\n\n'; } >"$policies/source/index.rst"
n=0
while IFS= read -r -d '' f; do
  grep -q '"Statement"' "$f" || continue
  n=$((n + 1))
  cp "$f" "$policies/includes/policy-$n.json"
  printf '.. %s\n\n.. literalinclude:: /includes/policy-%d.json\n   :language: json\n\n' \
    "${f#"$corpus"/}" "$n" >>"$policies/source/index.rst"
done < <(find "$corpus" -name '*.json' -print0 | sort -z)
echo "corpus-policies: $n standalone policy file(s) found"
if [ "$n" -gt 0 ]; then
  check "standalone policy files" "$policies"
fi

echo "corpus-policies: report (procdoc test, not a gate)"
for line in "${summary[@]}"; do
  echo "  $line"
done
if [ "$crashed" -ne 0 ]; then
  echo "corpus-policies: procdoc crashed on corpus input"
  exit 1
fi
exit 0
