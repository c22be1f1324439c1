#!/usr/bin/env bash
# Side-by-side scale benchmark: procdoc build vs docutils (rst2html) on the
# same generated pages, plus the 2021 MongoDB Manual, in one run. Reports
# medians of 3 runs: wall time, pages per second, peak memory (max RSS) and
# bytes written. Usage: bash scripts/bench-scale.sh [SIZES...]
# (default 1000 5000 10000). Needs GNU time (/usr/bin/time) and docutils
# (installed with pip when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 5000 10000)
cargo build --release --locked -q
cargo build --release --locked -q --example gen_project
bin=target/release/procdoc
gen=target/release/examples/gen_project
if ! python3 -c 'import docutils' 2>/dev/null; then
  pip install -q docutils >/dev/null 2>&1 || echo "note: docutils not available; its column stays empty"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median of three "wall_seconds max_rss_kb cpu_seconds" lines (by wall time)
median3() { sort -n | sed -n 2p; }
measure() { # measure OUT_FILE cmd... ; prints "wall rss cpu"
  local out=$1; shift
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M %U %S' -o "$out.t" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$out.t" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
  done | median3
}

# CPU time (user + system) is shown beside wall time: on a shared machine
# the wall time mostly measures the other processes.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| project | pages | input | procdoc wall | procdoc CPU | procdoc pages/s | peak RSS | written | docutils pages/s | ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for n in "${sizes[@]}"; do
  dir="$work/gen-$n"
  "$gen" "$dir" "$n" 1
  input=$(du -sb "$dir/source" "$dir/includes" | awk '{s+=$1} END {print s}')
  read -r wall rss cpu < <(measure "$work/p$n" "$bin" build --root "$dir" --out "$dir/build")
  written=$(du -sb "$dir/build/html" "$dir/build/markdown" | awk '{s+=$1} END {print s}')
  # docutils on 100 of the same pages (it needs no includes resolved to
  # show its per-page speed; include errors are reported and skipped).
  du_pps="-"
  if python3 -c 'import docutils' 2>/dev/null; then
    # One Python process over 200 of the pages (no per-page start-up cost).
    du_pps=$(python3 - "$dir/source" <<'PY'
import sys, time, pathlib, io
from docutils.core import publish_string
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.rst"))[:200]
start = time.perf_counter()
for f in files:
    publish_string(f.read_text(), writer_name="html5",
                   settings_overrides={"report_level": 5, "halt_level": 5,
                                       "warning_stream": io.StringIO(),
                                       "file_insertion_enabled": False})
print(f"{len(files) / (time.perf_counter() - start):.0f}")
PY
)
  fi
  pps=$(python3 -c "print(f'{$n/max($wall,0.001):.0f}')")
  ratio="-"
  [ "$du_pps" != "-" ] && ratio=$(python3 -c "print(f'{$pps/$du_pps:.0f}x')")
  printf '| generated | %s | %.1f MB | %.2f s | %.2f s | %s | %.0f MB | %.1f MB | %s | %s |\n' \
    "$n" "$(python3 -c "print($input/1e6)")" "$wall" "$cpu" "$pps" "$(python3 -c "print($rss/1024)")" \
    "$(python3 -c "print($written/1e6)")" "$du_pps" "$ratio"
done
manual=${PROCDOC_CORPUS:-../shared/corpus}/mongodb-manual-2021
# From a git worktree, the corpus is beside the main checkout.
[ -d "$manual" ] || manual="$(git rev-parse --git-common-dir 2>/dev/null)/../../shared/corpus/mongodb-manual-2021"
if [ -d "$manual" ]; then
  pages=$(find "$manual/source" -name '*.txt' | wc -l)
  read -r wall rss cpu < <(measure "$work/manual" "$bin" build --root "$manual" --out "$work/manual-out" --keep-going)
  written=$(du -sb "$work/manual-out/html" "$work/manual-out/markdown" 2>/dev/null | awk '{s+=$1} END {print s}')
  pps=$(python3 -c "print(f'{$pages/max($wall,0.001):.0f}')")
  printf '| MongoDB Manual 2021 | %s | - | %.2f s | %.2f s | %s | %.0f MB | %.1f MB | - | - |\n' \
    "$pages" "$wall" "$cpu" "$pps" "$(python3 -c "print($rss/1024)")" "$(python3 -c "print(${written:-0}/1e6)")"
fi
