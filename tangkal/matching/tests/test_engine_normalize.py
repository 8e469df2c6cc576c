"""The normaliser on small hand-written chain-message snippets."""

from tangkal.matching.engine.normalize import char_ngrams, normalize, quoted_claims, strip_label


def test_it_undoes_leetspeak_inside_words():
    assert normalize("P3merint4h m3net4pkan 4PBN").words == ["pemerintah", "menetapkan", "apbn"]


def test_it_keeps_numbers_and_splits_amount_units():
    words = normalize("Rp901 triliun untuk 10rb warga, covid19").words
    assert words[:3] == ["rp", "901", "triliun"]
    assert "10" in words and "ribu" in words
    assert "covid19" in words  # known names that mix letters and digits are kept


def test_it_maps_decorative_unicode_letters_to_plain_ones():
    assert normalize("𝙋𝙚𝙨𝙖𝙬𝙖𝙩 𝗵𝗶𝗹𝗮𝗻𝗴").words == ["pesawat", "hilang"]


def test_it_expands_chat_abbreviations_from_the_dictionary():
    words = normalize("yg dgn tdk gak utk sdh krn bgt jg aja skrg org jgn thn jt").words
    assert words == [
        "yang",
        "dengan",
        "tidak",
        "tidak",
        "untuk",
        "sudah",
        "karena",
        "banget",
        "juga",
        "saja",
        "sekarang",
        "orang",
        "jangan",
        "tahun",
        "juta",
    ]


def test_it_squeezes_stretched_letters():
    assert normalize("bangeeeeet parahhhh").words == ["banget", "parah"]


def test_it_removes_emoji_and_extracts_urls():
    result = normalize("Daftar di https://daftar.contoh-palsu.xyz/form sekarang 🔥🔥🙏")
    assert result.urls == ["daftar.contoh-palsu.xyz"]
    assert "🔥" not in " ".join(result.words)
    assert "https" not in result.words


def test_it_strips_forwarding_boilerplate():
    text = "Forwarded many times\nDiteruskan berkali-kali\nGaji guru naik\nSEBARKAN!!\nmohon dishare"
    assert normalize(text).words == ["gaji", "guru", "naik"]


def test_it_stems_and_drops_stop_words_in_terms():
    terms = normalize("Pemerintah yang menetapkan bantuan untuk para petani").terms
    assert "yang" not in terms and "untuk" not in terms
    assert "tetap" in terms and "bantu" in terms and "tani" in terms


def test_reduplication_shorthand_is_not_leetspeak():
    assert normalize("teman2 sebanyak2nya").words[:2] == ["teman", "sebanyak"]


def test_helpers_for_debunk_fields():
    assert strip_label("[SALAH] Vaksin bikin magnet") == "Vaksin bikin magnet"
    text = 'Tim memasukkan kata kunci "vaksin bikin tubuh jadi magnet" ke mesin pencari.'
    assert quoted_claims(text) == ["vaksin bikin tubuh jadi magnet"]
    assert "#ab" in char_ngrams(["abc"]) and "abc#" in char_ngrams(["abc"])
