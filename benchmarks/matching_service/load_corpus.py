"""Fill the benchmark database with published clarifications, then write the index snapshot.

Reads the shared evaluation corpus when present (../shared/data/claim_matching/corpus.jsonl; its
text is MAFINDO's and never enters the repository), else invented documents. Also writes the request
bodies wrk sends (queries of the dev set, or invented ones) and the text of a few new hoaxes the
propagation run publishes.

    python benchmarks/matching_service/load_corpus.py --out /tmp/bench-dir
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from tangkal.hoaxes.models import Clarification, Verdict  # noqa: E402
from tangkal.hoaxes.publishing import new_slug  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "claim_matching"
WORDS = [
    "bantuan", "subsidi", "listrik", "vaksin", "gempa", "banjir", "beras", "gula", "minyak", "pajak", "sekolah",
    "bank", "pinjaman", "hadiah", "lowongan", "kerja", "tautan", "daftar", "desa", "kota", "jalan", "tol",
    "kereta", "pesawat", "harga", "naik", "turun", "gratis",
]


def invented(n: int, rng: random.Random) -> list[dict]:
    rows = []
    for i in range(n):
        claim = " ".join(rng.choice(WORDS) for _ in range(9)) + f" nomor {i}"
        rows.append({"title": f"[SALAH] {claim}", "text": f"Klaim {claim} tidak benar. " * 5, "label": "SALAH"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    if (DATA / "corpus.jsonl").exists():
        docs = [json.loads(line) for line in (DATA / "corpus.jsonl").open(encoding="utf-8") if line.strip()]
        queries = [json.loads(line)["text"] for line in (DATA / "queries_dev.jsonl").open(encoding="utf-8")
                   if line.strip()]
        source = "shared dev corpus"
    else:
        docs = invented(900, rng)
        queries = [d["title"][8:] for d in docs]
        source = "invented documents"
    labels = {v.label: v.value for v in Verdict}
    now = timezone.now()
    rows = []
    for doc in docs:
        title = doc["title"]
        label, _, claim = title.partition("] ")
        verdict = labels.get(label.strip("["), Verdict.SALAH)
        claim = (claim or title)[:200]
        rows.append(Clarification(slug=new_slug(claim), status=Clarification.Status.PUBLISHED, verdict=verdict,
                                  headline=claim, claim_reviewed=claim[:500], summary=doc["text"][:1000],
                                  body=doc["text"][:30000], topic="lainnya", published_at=now, is_external=True,
                                  source_url=doc.get("url", "")[:1000]))
    Clarification.objects.bulk_create(rows, batch_size=500)
    call_command("rebuild_matching_index", "--snapshot-only")
    rng.shuffle(queries)
    with (out / "bodies.jsonl").open("w", encoding="utf-8") as fh:
        for text in queries[: args.queries]:
            fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    print(json.dumps({"clarifications": len(rows), "bodies": min(len(queries), args.queries), "source": source}))


if __name__ == "__main__":
    main()
