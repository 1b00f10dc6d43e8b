"""Tagging precision and recall against the hand-labelled sample in tests/data/tagging_sample.toml.

Run ``policykg bench tagging [--sample FILE]`` from a source checkout (the sample is test data,
not part of the installed package; from a wheel, pass ``--sample``). Prints micro precision and
recall over (provision, measure) pairs, and each disagreement.
"""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "tagging_sample.toml"


def evaluate(sample_path: Path = SAMPLE) -> dict:
    from policykg.loaders.pipeline import load_corpus
    sample = tomllib.loads(sample_path.read_text(encoding="utf-8"))["provisions"]
    provisions = {p.id: p for d in load_corpus().documents for p in d.provisions}
    tp = fp = fn = 0
    misses, extras = [], []
    for entry in sample:
        p = provisions[entry["id"]]
        gold = set(entry["measures"])
        got = {m["measure"] for m in p.measures}
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        misses += [(p.id, m) for m in sorted(gold - got)]
        extras += [(p.id, m) for m in sorted(got - gold)]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"provisions": len(sample), "pairs": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 3), "recall": round(recall, 3),
            "missed": misses, "extra": extras}


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench tagging")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="the hand-labelled sample (TOML)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.sample.is_file():
        print(f"policykg bench tagging: no hand-labelled sample at {args.sample} — it is in a source checkout's "
              "tests/data/tagging_sample.toml; pass --sample FILE", file=sys.stderr)
        return 2
    result = evaluate(args.sample)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"tagging against {args.sample.name}: {result['provisions']} provisions, {result['pairs']} labelled pairs")
    print(f"precision {result['precision']:.3f}   recall {result['recall']:.3f}   (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})")
    for pid, m in result["missed"]:
        print(f"  missed  {pid:<14} {m}")
    for pid, m in result["extra"]:
        print(f"  extra   {pid:<14} {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
