"""Publish → matchable in another process: this process publishes through the hoaxes services (the
publisher), the web server (other processes) is polled over loopback until it answers with the new
clarification; then the same for a withdrawal.

    python benchmarks/matching_service/propagation.py --base http://127.0.0.1:8766 --rounds 8

Run with the same TANGKAL_VAR_DIR (database) and REDIS_URL (cache, if any) as the server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangkal.settings")

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402

from tangkal.accounts.models import Role, User  # noqa: E402
from tangkal.hoaxes import publishing  # noqa: E402


def user(email: str) -> User:
    found = User.objects.filter(email=email).first()
    return found or User.objects.create_user(email, "bench-pass-123456", role=Role.VERIFIER, full_name=email)


def poll(client: httpx.Client, text: str, ready, *, timeout: float, streak: int) -> tuple[float, float]:
    """Seconds until `ready(answer)` holds: first time, and `streak` answers in a row (new connections,
    so they spread over the server's worker processes)."""
    start = time.perf_counter()
    first, run = None, 0
    while time.perf_counter() - start < timeout:
        answer = client.post("/api/v1/check", json={"text": text}, headers={"Connection": "close"}).json()
        if ready(answer):
            first = first if first is not None else time.perf_counter() - start
            run += 1
            if run >= streak:
                return first, time.perf_counter() - start
        else:
            run = 0
        time.sleep(0.01)
    raise SystemExit(f"not propagated within {timeout} s")


def top_is(public_id: str):
    return lambda a: a["decision"] != "tidak_ditemukan" and bool(a["matches"]) \
        and a["matches"][0]["clarification_id"] == public_id


def absent(public_id: str):
    return lambda a: all(m["clarification_id"] != public_id for m in a["matches"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8766")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--streak", type=int, default=6, help="consecutive answers (new connections) required")
    args = parser.parse_args()
    author, approver = user("bench-author@komdigi.go.id"), user("bench-approver@komdigi.go.id")
    rng = random.Random(7)
    publish_first, publish_all, withdraw_first, withdraw_all = [], [], [], []
    with httpx.Client(base_url=args.base, timeout=30) as client:
        for i in range(args.rounds):
            place = "".join(rng.choice(string.ascii_lowercase) for _ in range(7)).title()
            claim = f"Bendungan {place} jebol malam ini dan air bah akan merendam kota {place} dalam dua jam"
            message = f"SEBARKAN!! {claim}, segera mengungsi ke tempat tinggi. Info dari grup sebelah 🙏"
            time.sleep(1.3)  # let every process settle, so each round starts from an idle poll
            clar = publishing.clarification_create(by=author, data={
                "verdict": "HOAKS", "headline": f"Bendungan {place} tidak jebol", "claim_reviewed": claim,
                "summary": f"Pengelola bendungan {place} memastikan bendungan aman.", "topic": "bencana"})
            publishing.clarification_submit(clarification=clar, by=author)
            publishing.clarification_approve(clarification=clar, by=approver)  # committed on return
            first, all_ = poll(client, message, top_is(str(clar.public_id)), timeout=30, streak=args.streak)
            publish_first.append(first)
            publish_all.append(all_)
            time.sleep(1.3)
            publishing.clarification_withdraw(clarification=clar, by=approver, reason="bench")
            first, all_ = poll(client, message, absent(str(clar.public_id)), timeout=30, streak=args.streak)
            withdraw_first.append(first)
            withdraw_all.append(all_)
            print(f"round {i + 1}: published → matchable {publish_first[-1]:.3f} s "
                  f"({args.streak} in a row {publish_all[-1]:.3f} s); withdrawn → gone {withdraw_first[-1]:.3f} s "
                  f"({withdraw_all[-1]:.3f} s)", flush=True)

    def summary(values: list[float]) -> dict:
        return {"median_s": round(statistics.median(values), 3), "max_s": round(max(values), 3)}

    print(json.dumps({"rounds": args.rounds, "cache": os.environ.get("REDIS_URL") and "redis" or "local memory",
                      "publish_first_answer": summary(publish_first), "publish_all_answers": summary(publish_all),
                      "withdraw_first_answer": summary(withdraw_first),
                      "withdraw_all_answers": summary(withdraw_all)}))


if __name__ == "__main__":
    main()
