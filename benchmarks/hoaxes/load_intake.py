"""Bounded intake load: N concurrent clients POST reports to /api/v1/hoaxes/reports on loopback,
then the database is counted: every accepted report must be stored and attached to a claim.

    python benchmarks/hoaxes/load_intake.py --base http://127.0.0.1:8765 --seconds 20 --concurrency 8
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time

import httpx

TEMPLATES = [
    "Mulai besok semua pengguna WhatsApp dikenai biaya Rp {n}.000 per pesan oleh pemerintah, kirim ke 10 grup agar gratis",
    "Listrik se-Jawa dan Bali dipadamkan total selama {n} hari mulai Senin karena perbaikan pembangkit, siapkan lilin",
    "Pendaftaran bantuan subsidi upah dibuka lewat tautan bsu-{n}.info, isi data KTP dan nomor rekening sebelum kuota habis",
    "BMKG memprediksi gempa magnitudo {n} malam ini di Cianjur, warga diminta tidur di luar rumah",
    "Vaksin campak anak sekolah berisi chip pelacak, lihat video pembongkaran botol vaksin nomor {n}",
    "Beras plastik beredar di pasar induk, ciri-cirinya meleleh saat dimasak, sudah {n} korban keracunan",
    "Air rebusan daun sirsak diminum {n} kali sehari menyembuhkan kanker tanpa kemoterapi menurut dokter",
    "Surat edaran libur nasional tambahan {n} hari untuk ASN beredar, ditandatangani menteri",
]
NOISE = ["", " sebarkan!!", " 🙏", " Diteruskan berkali-kali.", " Benarkah ini?", " info dari grup sebelah"]


def worker(base: str, deadline: float, results: list, lock: threading.Lock, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.perf_counter() < deadline:
            template = rng.randrange(len(TEMPLATES))
            text = TEMPLATES[template].format(n=template + 3) + rng.choice(NOISE)
            if rng.random() < 0.3:
                text = text.upper()
            start = time.perf_counter()
            try:
                response = client.post("/api/v1/hoaxes/reports", json={"text": text, "platform": "whatsapp"})
                status = response.status_code
                code = response.json().get("tracking_code") if status == 201 else None
            except httpx.HTTPError as exc:
                status, code = type(exc).__name__, None
            with lock:
                results.append((status, time.perf_counter() - start, code, template))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    results: list = []
    lock = threading.Lock()
    deadline = time.perf_counter() + args.seconds
    threads = [threading.Thread(target=worker, args=(args.base, deadline, results, lock, i))
               for i in range(args.concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ok = [r for r in results if r[0] == 201]
    latencies = sorted(r[1] for r in ok)
    print(f"requests={len(results)} accepted={len(ok)} other={sorted({str(r[0]) for r in results if r[0] != 201})}")
    print(f"elapsed={elapsed:.1f}s rate={len(ok) / elapsed:.1f} reports/s")
    if latencies:
        print(f"latency median={statistics.median(latencies) * 1000:.0f}ms "
              f"p90={latencies[int(len(latencies) * 0.9) - 1] * 1000:.0f}ms max={latencies[-1] * 1000:.0f}ms")
    with open("/tmp/hoax_bench_codes.txt", "w") as fh:
        fh.write("\n".join(f"{r[2]} {r[3]}" for r in ok))


if __name__ == "__main__":
    main()
