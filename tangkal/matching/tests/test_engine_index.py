"""Index build, search, incremental add/remove, decisions and persistence on tiny hand-made
debunks (not taken from any real corpus)."""

from pathlib import Path

import pytest

from tangkal.matching.engine import Document, Index, IndexVersionError, decide

DOCS = [
    Document(
        "d-kucing",
        "[SALAH] Kucing bisa terbang setelah makan cabai",
        "Tidak ada bukti ilmiah bahwa kucing terbang. Dokter hewan membantah klaim itu.",
    ),
    Document(
        "d-lowongan-a",
        "[PENIPUAN] Lowongan kerja PT Sentosa Makmur",
        "Tautan lowongan kerja PT Sentosa Makmur palsu dan meminta biaya pendaftaran.",
    ),
    Document(
        "d-lowongan-b",
        "[PENIPUAN] Lowongan kerja PT Cahaya Abadi",
        "Tautan lowongan kerja PT Cahaya Abadi palsu dan meminta biaya pendaftaran.",
    ),
    Document(
        "d-banjir",
        "[SALAH] Video banjir bandang di kota Sukamaju",
        "Video itu rekaman lama dari negara lain, bukan banjir di Sukamaju tahun ini.",
    ),
    Document(
        "d-listrik",
        "[SALAH] Tarif listrik naik tiga kali lipat bulan depan",
        "Perusahaan listrik menyatakan tidak ada kenaikan tarif listrik bulan depan.",
    ),
]


@pytest.fixture
def index() -> Index:
    idx = Index()
    idx.build(DOCS)
    return idx


def test_it_finds_the_debunk_of_a_noisy_message(index):
    matches = index.search("SEBARKAN!! kucing bs terb4ng stlh makan cabai 😱😱", k=3)
    assert matches[0].doc_id == "d-kucing"


def test_it_prefers_the_debunk_naming_the_same_company(index):
    message = "Dibuka lowongan kerja PT Cahaya Abadi, daftar sekarang lewat tautan ini"
    assert index.search(message, k=2)[0].doc_id == "d-lowongan-b"
    message = "Dibuka lowongan kerja PT Sentosa Makmur, daftar sekarang lewat tautan ini"
    assert index.search(message, k=2)[0].doc_id == "d-lowongan-a"


def test_added_document_is_searchable_at_once_and_removed_one_disappears(index):
    new = Document(
        "d-beras",
        "[SALAH] Beras plastik beredar di pasar induk",
        "Uji laboratorium menunjukkan beras itu asli, bukan plastik.",
    )
    index.add(new)
    assert index.search("awas beras plastik di pasar induk", k=1)[0].doc_id == "d-beras"
    assert index.remove("d-beras") is True
    assert all(m.doc_id != "d-beras" for m in index.search("beras plastik pasar induk"))
    assert index.remove("d-beras") is False
    assert len(index) == len(DOCS)


def test_adding_an_existing_id_replaces_the_document(index):
    index.add(Document("d-banjir", "[SALAH] Gempa besar di kota Sukamaju", "Tidak ada gempa."))
    assert len(index) == len(DOCS)
    assert index.search("gempa besar sukamaju", k=1)[0].doc_id == "d-banjir"


def test_incremental_changes_survive_a_merge(index):
    index.add(Document("d-gula", "[SALAH] Gula pasir dicampur pasir pantai", "Klaim palsu."))
    index.remove("d-kucing")
    index.compact()
    assert index.search("gula pasir dicampur pasir pantai", k=1)[0].doc_id == "d-gula"
    assert all(m.doc_id != "d-kucing" for m in index.search("kucing terbang makan cabai"))


def test_an_index_built_empty_accepts_documents():
    idx = Index()
    idx.build([])
    assert idx.search("apa saja") == []
    for doc in DOCS:
        idx.add(doc)
    assert idx.search("tarif listrik naik tiga kali lipat", k=1)[0].doc_id == "d-listrik"


def test_decisions_cover_the_three_answers(index):
    assert decide([]).verdict == "tidak_ditemukan"
    verdict = index.decide(index.search("Tarif listrik naik tiga kali lipat bulan depan!!")).verdict
    assert verdict in {"cocok", "mungkin"}
    unrelated = index.decide(index.search("resep rendang padang yang enak sekali"))
    assert unrelated.verdict != "cocok"


def test_the_index_round_trips_through_a_versioned_pickle(index, tmp_path: Path):
    path = tmp_path / "index.pkl"
    index.save(path)
    loaded = Index.load(path)
    assert loaded.search("kucing terbang", k=1)[0].doc_id == "d-kucing"


def test_a_pickle_with_another_version_is_refused(tmp_path: Path):
    import pickle

    path = tmp_path / "old.pkl"
    path.write_bytes(pickle.dumps({"version": -1, "index": None}))
    with pytest.raises(IndexVersionError):
        Index.load(path)
