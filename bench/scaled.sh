#!/usr/bin/env bash
# The scaled comparison behind BENCHMARKS.md: builds 1k / 10k / 50k-article
# corpora with make_corpus.py (encyclopedia articles from squad, trecqa and
# wikiqa; news articles from rtqa) and runs `compare` on each.
#   bench/scaled.sh [SHARED_DIR] [CORPORA_DIR] [SIZES...]
# SHARED_DIR holds tools/make_corpus.py and bench/ (default ../shared);
# corpora are written once and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
corpora=${2:-/tmp/articlebot-corpora}
shift $(( $# > 2 ? 2 : $# ))
sizes=("${@:-1000 10000 50000}")
read -r -a sizes <<< "${sizes[*]}"
cargo build --release -p articlebot-bench
mkdir -p "$corpora"
for n in "${sizes[@]}"; do
    for kind in wiki news; do
        if [ "$kind" = wiki ]; then
            src=("$shared"/bench/{squad,trecqa,wikiqa}/articles)
            questions=$shared/bench/squad/questions.jsonl
        else
            src=("$shared"/bench/rtqa/articles)
            questions=$shared/bench/rtqa/questions.jsonl
        fi
        dir=$corpora/$kind-$n
        [ -d "$dir" ] || python3 "$shared"/tools/make_corpus.py --src "${src[@]}" --out "$dir" -n "$n" >/dev/null
        echo "### $kind, $n articles ($(basename "$(dirname "$questions")") questions)"
        echo
        "${CARGO_TARGET_DIR:-target}"/release/compare --articles "$dir" --questions "$questions" --limit 1000 --json
        echo
    done
done
