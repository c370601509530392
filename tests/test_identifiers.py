"""The organisation-number check against real numbers from Enhetsregisteret."""

from laget_graph.identifiers import is_valid_organisation_number, mod11_check_digit


def test_real_numbers_pass_and_altered_ones_fail() -> None:
    for number in ("974767880", "971035854", "970018131", "935478715"):  # NTNU, UiO, Udir, Bærum kommune
        assert is_valid_organisation_number(number), number
        assert not is_valid_organisation_number(number[:8] + str((int(number[8]) + 1) % 10)), number


def test_malformed_and_impossible_numbers() -> None:
    assert not is_valid_organisation_number("12345678")
    assert not is_valid_organisation_number("97476788O")
    assert mod11_check_digit("00000000") == 0
    first8 = next(f"{n:08d}" for n in range(10_000) if mod11_check_digit(f"{n:08d}") is None)
    assert not any(is_valid_organisation_number(first8 + str(d)) for d in range(10))
