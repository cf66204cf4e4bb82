#!/usr/bin/env python3
"""Learns the answer-phrase model (src/answer/span/) from a span table.

    train.py TABLE QUESTIONS [--out WEIGHTS] [--folds N] [--eval TABLE QUESTIONS]...

TABLE      what `articlebot eval --span-features TABLE` wrote: a line naming the
           weights, then per question the candidate spans of its first reply's
           sentence with their active features (see scripts/span/README.md)
QUESTIONS  the bench questions.jsonl with the gold answers
--out      write the weights file (src/answer/span/span_weights.tsv)
--folds N  also report an N-fold split of TABLE by article (train on the others)
--eval     also report the learned model on another set (held out, or not)

The model is log-linear over a sentence's candidates (a softmax): trained to
give the candidates equal to a gold answer (SQuAD normalisation) the
probability, with an L2 penalty, by L-BFGS from zero weights for a fixed
number of steps. Everything runs in file order with Python floats, so the
same table gives the same weights, byte for byte. The threshold (the least
probability of the best span for it to be shown) is the largest that keeps
phrase F1 within TOLERANCE of showing every best span. The score counts a
question without a phrase as 0, the same as a wrong phrase, so it never
gains by hiding one; a reader does, and the least sure phrases are the most
often wrong (on squad, of those under 0.2 two in three are wrong, of those
over 0.8 one in five), so the ones that cost the score least are hidden.

Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import os
import re
import string
import sys
import unicodedata

L2 = 1.0  # penalty on the squared weights (the loss sums over questions)
STEPS = 120  # L-BFGS iterations
MEMORY = 10  # L-BFGS history
TOLERANCE = 0.01  # phrase F1 the threshold may cost, over all questions
THRESHOLDS = [i / 100 for i in range(0, 100)]
GROUPS_PLUS_SHARED = 0  # "all" and the question groups, read from the table
HEADER = """\
# The answer-phrase model's weights (src/answer/span/): written by
# scripts/span/regenerate.sh (scripts/span/train.py); do not edit.
# Learned from the SQuAD v1.1 dev questions and answers (Rajpurkar et al.
# 2016, CC BY-SA 4.0): numbers fitted to them, no text of theirs.
"""

_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(s: str) -> str:
    """SQuAD normalisation as the bench scorer does it (Unicode punctuation too)."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in _PUNCT and not unicodedata.category(ch).startswith("P"))
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def f1(pred: str, gold: str) -> float:
    p, g = pred.split(), gold.split()
    if not p or not g:
        return 0.0
    same = sum((collections.Counter(p) & collections.Counter(g)).values())
    if same == 0:
        return 0.0
    prec, rec = same / len(p), same / len(g)
    return 2 * prec * rec / (prec + rec)


class Item:
    """One question: its candidates' base features, F1 and exact match.

    The table lists each feature twice, as its shared weight's index and as
    its question group's (BASE * (group + 1) + base); a candidate keeps the
    base indices and the item its group, so scoring adds one effective
    weight per feature."""

    __slots__ = ("qid", "article", "kind", "group", "texts", "feats", "f1", "em")

    def __init__(self, qid, article, kind, group, texts, feats, f1s, ems):
        self.qid, self.article, self.kind, self.group = qid, article, kind, group
        self.texts, self.feats, self.f1, self.em = texts, feats, f1s, ems


def parse_features(s: str, base: int):
    """The base features of one candidate, and its group (-1 if none listed)."""
    out = []
    group = -1
    for tok in s.split():
        k, _, v = tok.partition(":")
        k = int(k)
        if k < base:
            out.append((k, float(v) if v else 1.0))
        else:
            group = k // base - 1
    return out, group


def load(table: str, questions: str):
    gold = {}
    with open(questions, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                q = json.loads(line)
                gold[q["id"]] = [g for g in (normalize(a) for a in q.get("answers", [])) if g]
    items = []
    with open(table, encoding="utf-8") as f:
        names = json.loads(f.readline())["names"]
        base = sum(1 for n in names if n.startswith("all:"))
        for line in f:
            r = json.loads(line)
            golds = gold.get(r["id"], [])
            texts, feats, f1s, ems = [], [], [], []
            group = 0
            for text, fs in r["spans"]:
                n = normalize(text)
                texts.append(text)
                fb, g = parse_features(fs, base)
                group = max(group, g)
                feats.append(fb)
                f1s.append(max((f1(n, g) for g in golds), default=0.0))
                ems.append(1.0 if n in golds else 0.0)
            items.append(Item(r["id"], r.get("article") or "", r["kind"], group, texts, feats, f1s, ems))
    return names, items, len(gold)


def effective(w, base, groups):
    """Per group, each base feature's weight: the shared one plus the group's."""
    return [[w[b] + w[(g + 1) * base + b] for b in range(base)] for g in range(groups)]


def targets(item: Item):
    """The candidates to give the probability to: the exact matches, or
    failing those the best partial ones (F1 at least 0.5); None to skip."""
    if any(item.em):
        return [e > 0 for e in item.em]
    best = max(item.f1, default=0.0)
    if best < 0.5:
        return None
    return [x == best for x in item.f1]


def loss_grad(w, data, dim):
    """Summed negative log-likelihood of the targets, with the L2 penalty."""
    base = dim // GROUPS_PLUS_SHARED
    groups = GROUPS_PLUS_SHARED - 1
    eff = effective(w, base, groups)
    per_group = [[0.0] * base for _ in range(groups)]
    loss = 0.0
    for group, feats, target in data:
        we = eff[group]
        acc = per_group[group]
        scores = [sum(we[k] * v for k, v in fs) for fs in feats]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        z = sum(exps)
        zt = sum(e for e, t in zip(exps, target) if t)
        loss -= math.log(zt / z)
        for fs, e, t in zip(feats, exps, target):
            c = e / z - (e / zt if t else 0.0)
            if c != 0.0:
                for k, v in fs:
                    acc[k] += c * v
    grad = [0.0] * dim
    for g in range(groups):
        for b in range(base):
            grad[b] += per_group[g][b]
            grad[(g + 1) * base + b] += per_group[g][b]
    for k in range(dim):
        loss += L2 * w[k] * w[k]
        grad[k] += 2 * L2 * w[k]
    return loss, grad


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def lbfgs(data, dim, log):
    """Minimises loss_grad from zero weights: STEPS L-BFGS iterations with a
    backtracking line search."""
    w = [0.0] * dim
    loss, g = loss_grad(w, data, dim)
    hist = []
    for step in range(STEPS):
        q = list(g)
        alphas = []
        for s, y, rho in reversed(hist):
            a = rho * dot(s, q)
            alphas.append(a)
            q = [qi - a * yi for qi, yi in zip(q, y)]
        if hist:
            s, y, _ = hist[-1]
            gamma = dot(s, y) / dot(y, y)
        else:
            gamma = 1.0 / max(1.0, math.sqrt(dot(g, g)))
        r = [gamma * qi for qi in q]
        for (s, y, rho), a in zip(hist, reversed(alphas)):
            b = rho * dot(y, r)
            r = [ri + si * (a - b) for ri, si in zip(r, s)]
        d = [-ri for ri in r]
        slope = dot(g, d)
        if slope >= 0:
            d = [-gi for gi in g]
            slope = dot(g, d)
            hist = []
        t = 1.0
        while True:
            w_new = [wi + t * di for wi, di in zip(w, d)]
            loss_new, g_new = loss_grad(w_new, data, dim)
            if loss_new <= loss + 1e-4 * t * slope or t < 1e-10:
                break
            t *= 0.5
        s = [a - b for a, b in zip(w_new, w)]
        y = [a - b for a, b in zip(g_new, g)]
        sy = dot(s, y)
        if sy > 1e-12:
            hist.append((s, y, 1.0 / sy))
            hist = hist[-MEMORY:]
        done = abs(loss - loss_new) < 1e-9 * max(1.0, abs(loss))
        w, loss, g = w_new, loss_new, g_new
        if log:
            print(f"  step {step + 1}: loss {loss:.4f}", file=sys.stderr)
        if done:
            break
    return w


def train(items, dim, log=False):
    data = []
    for it in items:
        t = targets(it)
        if t is not None and len(it.feats) > 1:
            data.append((it.group, it.feats, t))
    return lbfgs(data, dim, log)


def best_spans(w, items):
    """Per item: (probability of the best span, its F1, its EM, kind)."""
    base = len(w) // GROUPS_PLUS_SHARED
    eff = effective(w, base, GROUPS_PLUS_SHARED - 1)
    out = []
    for it in items:
        if not it.feats:
            continue
        we = eff[it.group]
        scores = [sum(we[k] * v for k, v in fs) for fs in it.feats]
        top = max(scores)
        i = scores.index(top)
        z = sum(math.exp(s - top) for s in scores)
        out.append((1.0 / z, it.f1[i], it.em[i], it.kind))
    return out


def figures(picks, total, threshold):
    """Phrase EM and F1 over `total` questions, and the share shown."""
    shown = [p for p in picks if p[0] >= threshold]
    return (
        sum(p[2] for p in shown) / total,
        sum(p[1] for p in shown) / total,
        len(shown) / total,
    )


def choose_threshold(picks, total):
    full = figures(picks, total, 0.0)[1]
    best = 0.0
    for t in THRESHOLDS:
        if figures(picks, total, t)[1] >= full - TOLERANCE:
            best = t
    return best


def report(label, picks, total, threshold):
    em, f, shown = figures(picks, total, threshold)
    em0, f0, _ = figures(picks, total, 0.0)
    wrong = sum(1 for p in picks if p[0] >= threshold and p[1] == 0.0) / total
    print(
        f"{label}: phrase_em={em:.4f} phrase_f1={f:.4f} shown={shown:.3f} "
        f"shown_wrong={wrong:.3f} (threshold {threshold:.2f}; all shown: em={em0:.4f} f1={f0:.4f})"
    )
    kinds = collections.defaultdict(list)
    for p in picks:
        kinds[p[3]].append(p)
    for k in sorted(kinds, key=lambda k: -len(kinds[k])):
        ps = kinds[k]
        em, f, shown = figures(ps, len(ps), threshold)
        print(f"    {k:13s} n={len(ps):5d} em={em:.3f} f1={f:.3f} shown={shown:.3f}")


def main():
    global L2
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("table")
    ap.add_argument("questions")
    ap.add_argument("--out")
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--eval", nargs=2, action="append", default=[], metavar=("TABLE", "QUESTIONS"))
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--l2", type=float, default=L2, help="the L2 penalty (to compare; the default is the shipped one)")
    args = ap.parse_args()
    L2 = args.l2

    names, items, total = load(args.table, args.questions)
    dim = len(names)
    global GROUPS_PLUS_SHARED
    GROUPS_PLUS_SHARED = len({n.split(":")[0] for n in names})
    w = train(items, dim, args.verbose)
    picks = best_spans(w, items)
    threshold = choose_threshold(picks, total)
    report("in-sample", picks, total, threshold)

    if args.folds > 1:
        articles = sorted({it.article for it in items})
        fold_of = {a: i % args.folds for i, a in enumerate(articles)}
        held = []
        for k in range(args.folds):
            wk = train([it for it in items if fold_of[it.article] != k], dim)
            held += best_spans(wk, [it for it in items if fold_of[it.article] == k])
        report(f"{args.folds}-fold by article", held, total, threshold)

    for table, questions in args.eval:
        _, other, n = load(table, questions)
        report(f"on {os.path.basename(table)}", best_spans(w, other), n, threshold)

    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(HEADER)
            f.write(f"threshold\t{threshold:.2f}\n")
            for name, x in zip(names, w):
                if x != 0.0:
                    f.write(f"{name}\t{x:.6f}\n")


if __name__ == "__main__":
    main()
