#!/bin/sh
# Rebuilds the answer-phrase model's weights (src/answer/span/span_weights.tsv)
# from the SQuAD dev part of the bench, and reports how they fare: in
# sample, on a 2-fold split of SQuAD by article, and held out on the other
# extractive sets. Deterministic: the same code and bench give the same
# file, byte for byte (`git diff` shows nothing after a rerun).
#
#   scripts/span/regenerate.sh [BENCH]      (BENCH defaults to ../shared/bench)
set -eu
cd "$(dirname "$0")/../.."
bench=${1:-../shared/bench}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
bin=$target/release/articlebot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The first replies are ranked with the fixed exploring weights, not the
# learned ones: the learned ranker weighs this model's scores (`phrase`), so
# a table read through it would make each file depend on the other.
explore=$(tr -d '\n' < bench/ranker-explore.json)
table() { # set, part folder
    "$bin" --knowledge "$2/articles" eval --questions "$2/questions.jsonl" \
        --config "$explore" --span-features "$tmp/$1.jsonl" 2>/dev/null
}
table squad "$bench/squad"
held=""
for set in rtqa xquad/en; do
    if [ -d "$bench/$set" ]; then
        name=$(echo "$set" | tr / -)
        table "$name" "$bench/$set"
        held="$held --eval $tmp/$name.jsonl $bench/$set/questions.jsonl"
    fi
done
# shellcheck disable=SC2086 # $held is a list of arguments
python3 scripts/span/train.py "$tmp/squad.jsonl" "$bench/squad/questions.jsonl" \
    --folds 2 $held --out src/answer/span/span_weights.tsv
