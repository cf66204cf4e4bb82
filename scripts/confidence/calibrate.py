"""Per-language "I don't know" thresholds from off-topic questions (see calibrate.sh).

    calibrate.py split PART_DIR OUT_DIR        questions about half a's articles for b, and back
    calibrate.py thresholds BENCH RUNS_DIR OUT  the thresholds, and the table of what they do

Standard library only. Hit@1 is counted with the bench's scorer (BENCH/../eval/score.py).
"""

import json
import os
import sys

# The threshold English answers with: the ranker's `min_confidence`, chosen on
# the English sets (wikiqa over knowledge/ keeps its "I don't know").
ENGLISH = 0.35


def split(part, out):
    a = set(os.listdir(os.path.join(out, "a")))
    with open(os.path.join(part, "questions.jsonl"), encoding="utf-8") as src, \
            open(os.path.join(out, "off-a.jsonl"), "w", encoding="utf-8") as off_a, \
            open(os.path.join(out, "off-b.jsonl"), "w", encoding="utf-8") as off_b:
        for line in src:
            # A question about an article of half a is off-topic for half b.
            (off_b if json.loads(line)["article"] in a else off_a).write(line)


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f]


def thresholds(bench, runs, out):
    sys.path.insert(0, os.path.join(bench, "..", "eval"))
    import score

    def off_confidences(lang):
        return [r["confidence"] if r["answers"] else 0.0
                for half in "ab" for r in lines(os.path.join(runs, lang, f"run-{half}.jsonl"))]

    def abstains(conf, t):
        return sum(c < t for c in conf) / len(conf)

    langs = sorted(os.listdir(runs))
    target = abstains(off_confidences("en"), ENGLISH)
    rows = []
    for lang in langs:
        conf = off_confidences(lang)
        if lang == "en":
            t = ENGLISH
        else:
            t = next((k / 100 for k in range(101) if abstains(conf, k / 100) >= target), 1.0)
        gold = score.load_gold(os.path.join(bench, "xquad", lang))
        on = lines(os.path.join(runs, lang, "run-on.jsonl"))

        def hit1(th):
            hits = sum(1 for r in on if r["answers"] and r["confidence"] >= th
                       and score.is_hit(gold[r["id"]], r["answers"][0], False, score.MAX_CHARS))
            return hits / len(gold)

        rows.append((lang, t, abstains(conf, ENGLISH), abstains(conf, t), hit1(ENGLISH), hit1(t)))
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Each language's \"I don't know\" threshold, as a share of the ranker's\n"
                "# min_confidence (English: 1). Written by scripts/confidence/calibrate.sh.\n")
        for lang, t, *_ in rows:
            f.write(f"{lang}\t{t / ENGLISH:.4f}\n")
    print(f"off-topic questions answered \"I don't know\" by English at {ENGLISH}: {target:.3f}")
    print("lang  threshold  off-topic IDK (0.35 -> own)  Hit@1 (0.35 -> own)")
    for lang, t, ab0, ab, h0, h in rows:
        print(f"{lang:<5} {t:9.2f}  {ab0:.3f} -> {ab:.3f}                {h0:.3f} -> {h:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "split":
        split(sys.argv[2], sys.argv[3])
    else:
        thresholds(*sys.argv[2:5])
