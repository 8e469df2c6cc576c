"""Evaluate claim matching on a corpus and labelled queries (JSON Lines), without the database.

    python manage.py eval_matching --corpus corpus.jsonl --queries queries.jsonl --json
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tangkal.matching.engine.semantic import SemanticModelError
from tangkal.matching.evaluation import evaluate_files

SUMMARY_KEYS = ("recall_at_1", "recall_at_5", "mrr_at_10", "confident_match_precision", "false_match_rate",
                "latency_ms_p50", "latency_ms_p99", "queries_per_second", "index_build_seconds")


class Command(BaseCommand):
    help = ("Bangun indeks baru dari korpus (tanpa menyentuh basis data aplikasi), jalankan setiap kueri lewat "
            "jalur yang sama dengan produksi, dan cetak metriknya beserta baseline BM25.")
    # The evaluation must run against any configured database without touching it.
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="JSONL: id, title, text, label, date, url")
        parser.add_argument("--queries", required=True, help="JSONL: qid, text, relevant[, variant]")
        parser.add_argument("--json", action="store_true", help="print one JSON object (for other tools)")
        parser.add_argument("--k", type=int, default=10, help="matches ranked per query (default 10)")
        parser.add_argument("--no-baseline", action="store_true", help="skip the BM25 baseline")
        parser.add_argument("--semantic-model", default=None,
                            help="semantic re-ranking model (default: settings.MATCHING_SEMANTIC_MODEL; '' = off)")

    def handle(self, *args, **options):
        semantic = options["semantic_model"]
        if semantic is None:
            semantic = settings.MATCHING_SEMANTIC_MODEL
        try:
            result = evaluate_files(options["corpus"], options["queries"], k=options["k"],
                                    baseline=not options["no_baseline"], semantic_model=semantic)
        except SemanticModelError as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"file not found: {exc.filename}") from exc
        except (ValueError, KeyError) as exc:
            raise CommandError(f"malformed JSONL input: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{result['queries']} queries, {result['documents']} documents")
        rows = [("engine", result)]
        if "baseline" in result:
            rows.append(("bm25", result["baseline"]))
        self.stdout.write("system  " + "  ".join(SUMMARY_KEYS))
        for name, part in rows:
            self.stdout.write(f"{name:7} " + "  ".join(str(part.get(key)) for key in SUMMARY_KEYS))
        for variant, part in sorted(result["by_variant"].items()):
            self.stdout.write(f"  {variant:8} r@1 {part.get('recall_at_1')}  r@5 {part.get('recall_at_5')}  "
                              f"mrr {part.get('mrr_at_10')}")
