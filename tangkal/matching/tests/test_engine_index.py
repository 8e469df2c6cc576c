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


def test_posting_lookup_matches_the_dense_matrix():
    # ``values``/``presence`` binary-search the sorted posting lists; check them against a
    # plain dense copy, including a delta segment and ids beyond main.
    import numpy as np

    from tangkal.matching.engine.postings import TermMatrix

    rng = np.random.default_rng(3)
    m = TermMatrix()
    dense = (rng.random((40, 60)) < 0.2) * rng.random((40, 60)).astype(np.float32)
    t, d = np.nonzero(dense)
    for i in range(40):
        m.term_id(f"t{i}")
    m.load_arrays(t.astype(np.int32), d.astype(np.int32), dense[t, d].astype(np.float32), 60)
    m.add(60, {"t1": 0.5, "new": 0.25})
    ids = np.asarray([0, 1, 5, 39, m.vocab["new"]], dtype=np.int64)
    slots = np.asarray([59, 0, 60, 7, 33, 12], dtype=np.int64)
    got = m.values(ids, slots, 61)
    full = np.zeros((41, 61), dtype=np.float32)
    full[:40, :60] = dense
    full[1, 60], full[40, 60] = 0.5, 0.25
    assert np.allclose(got, full[np.ix_(ids, slots)])
    assert np.array_equal(m.presence(ids, slots, 61), (full[np.ix_(ids, slots)] != 0).astype(np.float32))
