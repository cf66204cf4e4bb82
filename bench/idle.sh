#!/usr/bin/env bash
# An idle bot must cost nothing: builds a folder of N small articles (half in
# a subfolder), starts the console chat on it, and once it has loaded counts
# the CPU time it uses and the reloads it logs over SECONDS of quiet, then
# after one read-only `cat` of an article.
#
#   bench/idle.sh [BINARY] [N] [SECONDS]   (defaults: target/release/articlebot 20000 60)
set -euo pipefail
bin=${1:-target/release/articlebot}; n=${2:-20000}; secs=${3:-60}
dir=$(mktemp -d); log=$(mktemp)
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir" "$log"' EXIT
mkdir -p "$dir/sub"
python3 - "$dir" "$n" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    sub = "sub/" if i % 2 else ""
    with open(f"{d}/{sub}a{i}.txt", "w") as f:
        f.write(f"Article {i}\n\nThe town number {i} opened a bridge in {1900 + i % 100}.\n")
PY
(sleep $((secs + 60)) | RUST_LOG=info "$bin" --knowledge "$dir" chat > /dev/null 2> "$log") &
disown
sleep 1
pid=$(pgrep -n -f -- "--knowledge $dir chat")
until grep -q "knowledge loaded" "$log"; do sleep 1; done
sleep 5
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks); r0=$(grep -c reloaded "$log" || true)
sleep "$secs"
t1=$(ticks); r1=$(grep -c reloaded "$log" || true)
echo "$n files, idle ${secs} s: CPU $((t1 - t0)) of $((secs * $(getconf CLK_TCK))) ticks, $((r1 - r0)) reloads"
cat "$dir/a0.txt" > /dev/null
sleep 5
echo "after a read-only cat: $(( $(grep -c reloaded "$log" || true) - r1 )) reloads"
