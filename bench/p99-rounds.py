#!/usr/bin/env python3
"""Answering p99 of several builds, measured in alternating rounds.

One run of `articlebot eval` reports a set's p99, its second or third slowest
question on the small sets, which one pre-emption moves; runs of two builds
far apart in time also meet different machine states. So each round runs
every set once per build, in turn, and the table gives each build's median
p50 and p99 over the rounds, and its p99 against the first build's, round by
round (median and range): the figure #14's speed bound is checked with.

    bench/p99-rounds.py [--rounds N] [--bench DIR] [--sets a,b] BASELINE BUILD...

BENCH defaults to ../shared/bench; the sets to squad, rtqa, wikiqa, trecqa.
Run it on an idle machine: anything else running shows in every figure.
"""

import argparse
import json
import statistics
import subprocess


def p50_p99(binary, bench, name):
    out = subprocess.run(
        [
            binary,
            "--knowledge",
            f"{bench}/{name}/articles",
            "eval",
            "--questions",
            f"{bench}/{name}/questions.jsonl",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(out)
    return figures["p50_ms"], figures["p99_ms"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--bench", default="../shared/bench")
    parser.add_argument("--sets", default="squad,rtqa,wikiqa,trecqa")
    parser.add_argument("builds", nargs="+", help="binaries; the first is the baseline")
    args = parser.parse_args()
    sets = args.sets.split(",")
    runs = {}
    for _ in range(args.rounds):
        for name in sets:
            for build in args.builds:
                runs.setdefault((build, name), []).append(p50_p99(build, args.bench, name))
    print("set      build                        p50 ms  p99 ms  p99 / baseline (range)")
    for name in sets:
        base = runs[(args.builds[0], name)]
        for build in args.builds:
            got = runs[(build, name)]
            ratios = [b[1] / a[1] for a, b in zip(base, got)]
            print(
                f"{name:8} {build[-28:]:28} {statistics.median(g[0] for g in got):6.3f} "
                f"{statistics.median(g[1] for g in got):7.3f}  "
                f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"
            )


if __name__ == "__main__":
    main()
