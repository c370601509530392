"""Words for a version that every reader of versions uses (the CLI, the municipality page, the
network's basis): one sentence for content loaded before versions were kept, so the three say it
alike and are translated once."""

from __future__ import annotations

from datetime import datetime

from ..i18n import Catalog

T = Catalog({
    "undated": {"nb": "før versjoner ble tatt vare på", "en": "before versions were kept"},
    "loaded_undated": {"nb": "lastet inn før versjoner ble tatt vare på", "en": "loaded before versions were kept"},
})


def version_day(moment: datetime | None, lang: str) -> str:
    """The day a version was loaded (ISO date), or that it was loaded before versions were kept."""
    return moment.date().isoformat() if moment else T("undated", lang)
