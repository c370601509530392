"""Norwegian organisation numbers (Enhetsregisteret): 9 digits, the last a modulus-11 check digit.

One implementation for the generators and the tests; the SHACL shape in shapes/identifiers.ttl states
the same rule for validation.
"""

from __future__ import annotations

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def mod11_check_digit(first8: str) -> int | None:
    """The check digit for the first eight digits; None where it would be 10 (no valid number)."""
    remainder = sum(int(d) * w for d, w in zip(first8, WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def is_valid_organisation_number(number: str) -> bool:
    """Nine digits whose last is the mod-11 check digit of the first eight."""
    if len(number) != 9 or not number.isdigit():
        return False
    return mod11_check_digit(number[:8]) == int(number[8])
