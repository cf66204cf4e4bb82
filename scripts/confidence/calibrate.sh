#!/bin/sh
# Recomputes each language's "I don't know" threshold
# (src/answer/confidence.tsv) from the XQuAD dev parts of the bench, and
# reports what it costs and holds. Deterministic: the same code and bench
# give the same file, byte for byte.
#
# Off-topic questions are made from the bench itself: each language's
# articles are split in two halves (alternately, by file name), and the
# questions about one half are asked of the other, where no answer is
# right. English keeps the ranker's `min_confidence`; every other
# language gets the lowest threshold (in hundredths) under which at least
# as large a share of its off-topic questions gets "I don't know" as of
# English's. Confidence does not depend on the threshold, so one run with
# `min_confidence` 0 gives every threshold's outcome.
#
#   scripts/confidence/calibrate.sh [BENCH]      (BENCH defaults to ../shared/bench)
set -eu
cd "$(dirname "$0")/../.."
bench=${1:-../shared/bench}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
bin=$target/release/articlebot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$bench"/xquad/*/; do
    lang=$(basename "$dir")
    mkdir -p "$tmp/$lang/a" "$tmp/$lang/b"
    i=0
    for f in $(ls "$dir/articles" | LC_ALL=C sort); do
        if [ $((i % 2)) -eq 0 ]; then half=a; else half=b; fi
        cp "$dir/articles/$f" "$tmp/$lang/$half/"
        i=$((i + 1))
    done
    python3 scripts/confidence/calibrate.py split "$dir" "$tmp/$lang"
    for half in a b; do
        "$bin" --knowledge "$tmp/$lang/$half" eval --questions "$tmp/$lang/off-$half.jsonl" \
            --config '{"min_confidence":0.0}' --output "$tmp/$lang/run-$half.jsonl" >/dev/null 2>&1
    done
    "$bin" --knowledge "$dir/articles" eval --questions "$dir/questions.jsonl" \
        --config '{"min_confidence":0.0}' --output "$tmp/$lang/run-on.jsonl" >/dev/null 2>&1
done
python3 scripts/confidence/calibrate.py thresholds "$bench" "$tmp" src/answer/confidence.tsv
