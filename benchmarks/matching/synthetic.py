"""Seeded generator of Indonesian-like debunk documents for the scale test.

The documents only need to look like the real ones to the index: a "[LABEL] claim" title of
8-12 words, a 120-200 word explanation with a quoted search phrase, a Zipf-like word
distribution mixing common Indonesian words with invented names (people, companies, places).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from tangkal.matching.engine import Document

COMMON = [
    "pemerintah",
    "presiden",
    "menteri",
    "rakyat",
    "warga",
    "video",
    "foto",
    "unggahan",
    "akun",
    "media",
    "sosial",
    "beredar",
    "klaim",
    "informasi",
    "berita",
    "bantuan",
    "dana",
    "program",
    "pendaftaran",
    "tautan",
    "lowongan",
    "kerja",
    "gratis",
    "tahun",
    "bulan",
    "hari",
    "juta",
    "miliar",
    "triliun",
    "rupiah",
    "desa",
    "kota",
    "provinsi",
    "polisi",
    "tentara",
    "sekolah",
    "guru",
    "siswa",
    "rumah",
    "sakit",
    "dokter",
    "vaksin",
    "obat",
    "makanan",
    "minuman",
    "harga",
    "beras",
    "minyak",
    "listrik",
    "banjir",
    "gempa",
    "kebakaran",
    "kecelakaan",
    "bencana",
    "korban",
    "meninggal",
    "selamat",
    "ditangkap",
    "diumumkan",
    "resmi",
    "palsu",
    "hoaks",
    "penipuan",
    "rekayasa",
    "kecerdasan",
    "buatan",
    "mesin",
    "pencari",
    "kata",
    "kunci",
    "hasil",
    "penelusuran",
    "menunjukkan",
    "tidak",
    "ditemukan",
    "sumber",
    "kredibel",
    "laman",
    "situs",
    "kementerian",
    "badan",
    "umum",
    "nasional",
    "daerah",
    "perusahaan",
    "persero",
    "cabang",
    "gaji",
    "syarat",
    "usia",
    "pendidikan",
    "minimal",
    "pelamar",
    "biaya",
    "transfer",
    "rekening",
    "nomor",
    "whatsapp",
    "hadiah",
    "undian",
    "kuis",
    "uang",
    "tunai",
    "lansia",
    "petani",
    "nelayan",
    "pedagang",
    "usaha",
    "modal",
    "pinjaman",
    "utang",
    "bank",
    "subsidi",
    "bensin",
    "solar",
    "tarif",
    "naik",
    "turun",
    "jalan",
    "tol",
    "kereta",
    "pesawat",
    "kapal",
    "pelabuhan",
    "bandara",
    "negara",
    "asing",
    "perang",
    "rudal",
    "serangan",
    "militer",
    "pasukan",
    "perbatasan",
    "demo",
    "mahasiswa",
    "buruh",
    "aksi",
    "sidang",
    "hakim",
    "jaksa",
    "korupsi",
    "suap",
    "penjara",
    "bebas",
    "mundur",
    "jabatan",
    "partai",
    "pemilu",
    "suara",
    "calon",
    "kepala",
    "daerah",
    "wakil",
    "dewan",
]
FUNCTION = [
    "yang",
    "di",
    "dan",
    "ke",
    "dari",
    "untuk",
    "dengan",
    "pada",
    "ini",
    "itu",
    "tersebut",
    "adalah",
    "akan",
    "tidak",
    "sudah",
    "bahwa",
    "dalam",
    "oleh",
    "juga",
    "karena",
]
LABELS = ("SALAH", "SALAH", "SALAH", "PENIPUAN", "PENIPUAN", "PARODI")
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "ga",
    "gi",
    "gu",
    "ha",
    "hi",
    "ja",
    "ju",
    "ka",
    "ke",
    "ki",
    "ko",
    "ku",
    "la",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ni",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "pu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "wa",
    "wi",
    "ya",
    "yu",
    "an",
    "ar",
    "in",
    "ung",
    "ang",
]


class Generator:
    def __init__(self, seed: int = 7, n_names: int = 40_000) -> None:
        self.rng = random.Random(seed)
        self.names = [self._name() for _ in range(n_names)]
        # Zipf-like weights: a few words everywhere, most words rare.
        weights = [1.0 / (i + 1) ** 0.8 for i in range(len(COMMON))]
        self.common_cum = list(itertools.accumulate(weights))

    def _name(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))

    def _words(self, n: int, names: float = 0.15) -> list[str]:
        rng = self.rng
        common = rng.choices(COMMON, cum_weights=self.common_cum, k=n)
        out = []
        for i in range(n):
            r = rng.random()
            if r < names:
                # Skewed towards the first names but spread over all of them.
                out.append(self.names[int(len(self.names) * rng.random() ** 3)])
            elif r < names + 0.3:
                out.append(rng.choice(FUNCTION))
            else:
                out.append(common[i])
        return out

    def document(self, i: int) -> Document:
        rng = self.rng
        claim = " ".join(self._words(rng.randint(7, 11), names=0.25)).capitalize()
        label = rng.choice(LABELS)
        sentences = []
        for _ in range(rng.randint(8, 13)):
            sentences.append(" ".join(self._words(rng.randint(10, 18))).capitalize() + ".")
        phrase = " ".join(self._words(rng.randint(4, 7), names=0.3))
        sentences.insert(1, f"Tim memasukkan kata kunci \u201c{phrase}\u201d ke mesin pencari.")
        return Document(
            id=f"syn-{i}",
            title=f"[{label}] {claim}",
            text=" ".join(sentences),
            label=label,
            url=f"https://example.invalid/articles/{i}",
            date="2026-01-01",
        )

    def documents(self, n: int) -> Iterator[Document]:
        for i in range(n):
            yield self.document(i)
