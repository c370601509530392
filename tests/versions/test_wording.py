"""One wording for content loaded before versions were kept, shared by the CLI, the municipality page
and the network's basis."""

from __future__ import annotations

from datetime import UTC, datetime

from laget_graph.versions.wording import T, version_day


def test_a_version_s_day_or_that_it_came_before_versions() -> None:
    assert version_day(datetime(2025, 3, 4, 23, 30, tzinfo=UTC), "en") == "2025-03-04"
    assert version_day(None, "nb") == "før versjoner ble tatt vare på"
    assert version_day(None, "en") == "before versions were kept"
    assert T("loaded_undated", "en") == "loaded before versions were kept"
