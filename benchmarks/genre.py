"""How the loader reads documents it has never seen: the genre documents written for the tests.

``policykg bench genre [--folder tests/data/genre] [--split dev|heldout|all] [--json]``

The folder holds documents written in the genre of real published pages (plans, measures,
regulations in articles, news reposts, mirror pages in traditional characters, flattened and
cut-short pages), a ``manifest.toml`` and ``labels.toml`` with what a careful reader sees in
each: title, 文号, issue date, how many items, and the measures each item adopts (labelled from
the codebook's definitions, never from its terms). ``dev/`` is what the rules were developed
against; ``heldout/`` was scored once to report and then used to find two structural faults, so
``heldout2/`` (written after those fixes) is the split that has never been tuned against. For each split it prints: the
documents loaded (not set aside), metadata read right, item counts within one of the reader's,
and micro precision and recall of (item, measure) pairs, with each miss and extra.
"""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "data" / "genre"


def _find(doc, needle: str):
    from policykg.loaders.reading import to_simplified
    n = to_simplified(needle)
    found = [p for p in doc.provisions if n in p.norm]
    return found[0] if len(found) == 1 else None


def score(folder: Path = FOLDER, split: str = "all") -> dict:
    from policykg.loaders.pipeline import load_corpus
    labels = tomllib.loads((folder / "labels.toml").read_text(encoding="utf-8"))["documents"]
    labels = [d for d in labels if split == "all" or d["file"].startswith(split + "/")]
    corpus = load_corpus(folder)
    by_file = {Path(d.file).resolve(): d for d in corpus.documents}
    aside = {Path(folder / a.file.split("/", 1)[1]).resolve(): a.reason for a in corpus.set_aside}
    out = {"split": split, "documents": len(labels), "loaded": 0, "set_aside": [], "metadata": {},
           "items_close": 0, "tp": 0, "fp": 0, "fn": 0, "unmatched": [], "missed": [], "extra": []}
    checks = {"title": 0, "doc_number": 0, "issued": 0}
    asked = {"title": 0, "doc_number": 0, "issued": 0}
    for lab in labels:
        path = (folder / lab["file"]).resolve()
        doc = by_file.get(path)
        if doc is None:
            out["set_aside"].append(f"{lab['file']}: {aside.get(path, 'not in the manifest')}")
            continue
        out["loaded"] += 1
        from policykg.loaders.citations import title_key
        for key in checks:
            if key in lab:
                asked[key] += 1
                got = getattr(doc, key)
                if key == "title":
                    same = title_key(got or "") == title_key(lab[key])
                elif key == "doc_number":         # 文号 are read alike in both scripts (辦發〔〕號 = 办发〔〕号)
                    from policykg.loaders.docnumbers import normalize_doc_number
                    from policykg.loaders.reading import to_simplified
                    same = got == normalize_doc_number(to_simplified(lab[key]))
                else:
                    same = got == lab[key]
                checks[key] += bool(same)
                if not same:
                    out["metadata"].setdefault("wrong", []).append(f"{lab['file']} {key}: {got!r} ≠ {lab[key]!r}")
        items = sum(p.kind == "item" for p in doc.provisions)
        out["items_close"] += abs(items - lab.get("items", items)) <= 1
        for entry in lab.get("provisions", []):
            p = _find(doc, entry["match"])
            gold = set(entry["measures"])
            if p is None:
                out["unmatched"].append(f"{lab['file']}: {entry['match']}")
                out["fn"] += len(gold)
                continue
            got = {m["measure"] for m in p.measures}
            out["tp"] += len(gold & got)
            out["fp"] += len(got - gold)
            out["fn"] += len(gold - got)
            out["missed"] += [f"{lab['file']} [{entry['match']}] {m}" for m in sorted(gold - got)]
            out["extra"] += [f"{lab['file']} [{entry['match']}] {m}" for m in sorted(got - gold)]
    out["metadata"].update({k: f"{checks[k]}/{asked[k]}" for k in checks})
    tp, fp, fn = out["tp"], out["fp"], out["fn"]
    out["precision"] = round(tp / (tp + fp), 3) if tp + fp else 1.0
    out["recall"] = round(tp / (tp + fn), 3) if tp + fn else 1.0
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench genre")
    parser.add_argument("--folder", type=Path, default=FOLDER)
    parser.add_argument("--split", default="all",
                        help="dev, heldout, heldout2 … (a folder of the documents); all prints each apart")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not (args.folder / "labels.toml").is_file():
        print(f"policykg bench genre: no labels.toml in {args.folder} — the genre documents are in a source "
              "checkout's tests/data/genre; pass --folder DIR", file=sys.stderr)
        return 2
    labels = tomllib.loads((args.folder / "labels.toml").read_text(encoding="utf-8"))["documents"]
    found = list(dict.fromkeys(d["file"].split("/", 1)[0] for d in labels))
    splits = found if args.split == "all" else [args.split]
    for split in splits:
        r = score(args.folder, split)
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
            continue
        print(f"{split}: {r['loaded']}/{r['documents']} documents loaded; metadata title {r['metadata']['title']}, "
              f"文号 {r['metadata']['doc_number']}, issued {r['metadata']['issued']}; item counts within one "
              f"{r['items_close']}/{r['loaded']}")
        print(f"  measures: precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
              f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
        if not args.quiet:
            for line in r["set_aside"] + r["metadata"].get("wrong", []) + \
                    [f"unmatched {u}" for u in r["unmatched"]] + [f"missed {m}" for m in r["missed"]] + \
                    [f"extra  {e}" for e in r["extra"]]:
                print("   ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
