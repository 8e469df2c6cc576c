from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tangkal.influencers.nip import clean_nip, nip_problems, parse_nip

TODAY = date(2026, 6, 1)


def codes(value: str) -> list[str]:
    return [code for code, _message in nip_problems(value, today=TODAY)]


def test_a_plausible_nip_is_read_into_its_parts():
    nip = parse_nip("19850312 201001 1 003", today=TODAY)
    assert nip.value == "198503122010011003"
    assert nip.birth_date == date(1985, 3, 12)
    assert (nip.start_year, nip.start_month, nip.sex, nip.sequence) == (2010, 1, "1", 3)


@pytest.mark.parametrize(("value", "code"), [
    ("", "nip_missing"),
    ("19850312201001100A", "nip_format"),
    ("１９８５０３１２２０１００１１００３", "nip_format"),
    ("1985031220100110", "nip_length"),
    ("198502302010011003", "nip_birth_date"),   # 30 February
    ("198513122010011003", "nip_birth_date"),   # month 13
    ("193001012010011003", "nip_birth_date"),   # too old to serve
    ("201501012035011003", "nip_birth_date"),   # not 18 yet
    ("198503122010131003", "nip_start"),        # start month 13
    ("198503122040011003", "nip_start"),        # starts in the far future
    ("198503121999011003", "nip_start_before_18"),
    ("198503122010013003", "nip_sex"),
    ("198503122010011000", "nip_sequence"),
])
def test_each_broken_rule_is_named(value, code):
    assert code in codes(value)


def test_messages_are_in_indonesian_and_say_what_to_fix():
    problems = dict(nip_problems("198503122010013000", today=TODAY))
    assert "jenis kelamin" in problems["nip_sex"] and "3" in problems["nip_sex"]
    assert "nomor urut" in problems["nip_sequence"]
    with pytest.raises(ValidationError) as caught:
        parse_nip("12345")
    assert "18 angka" in caught.value.messages[0]


def test_a_spreadsheet_number_is_cleaned():
    assert clean_nip("198503122010011003.0") == "198503122010011003"
    assert clean_nip(" 1985.0312-2010 ") == "198503122010"
