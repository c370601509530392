"""What a network view or analysis covers; plain data, so messages and the CLI need no networkx."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """What to draw: municipalities (4-digit numbers), a county (2 digits), or the whole country."""

    municipalities: tuple[str, ...] = ()
    county: str | None = None
    year: int | None = None
    fold_posts: bool = False

    @property
    def kind(self) -> str:
        if self.municipalities:
            return "municipality"
        return "county" if self.county else "country"

    @property
    def slug(self) -> str:
        """A short name for files and graph IRIs (``3201``, ``fylke-34``, ``norge``, ``3201-2024-posts-folded``)."""
        base = "-".join(self.municipalities) or (f"fylke-{self.county}" if self.county else "norge")
        return base + (f"-{self.year}" if self.year is not None else "") + ("-posts-folded" if self.fold_posts else "")


#: The years a scope may name (what the web API has always accepted).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_year(value: str | int) -> int | None:
    """A year as a user gives it (``2025``, `` 2025 ``), or None when it is not four digits in
    FIRST_YEAR..LAST_YEAR (the caller says so, naming the option: ``messages`` ``err.year``)."""
    text = str(value).strip()
    if len(text) != 4 or not text.isdigit():
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None
