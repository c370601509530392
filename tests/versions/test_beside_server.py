"""Versions with ``laget`` beside a running ``laget serve`` (a real server process on the same on-disk
store): writes go through the server, which keeps the versions with the file's name and checksum;
reads open a snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.test_beside_server import TOKEN, laget, server

from .conftest import baerum, file_triples, sha256, triples


def exported(url: str) -> set[object]:
    return triples(httpx.get(f"{url}/graphs/setup/3201", params={"format": "nt"}).content)  # type: ignore[return-value]


@pytest.mark.slow  # `laget serve` as a process, seeding an on-disk store, and six `laget` commands beside it
def test_load_drop_and_restore_through_the_server_keep_versions(tmp_path: Path, last_year: Path) -> None:
    data_dir = tmp_path / "store"
    with server(data_dir) as url:  # its first start loads the bundled data: setup/3201 version 1
        done = laget(data_dir, "load", str(last_year), token=TOKEN)
        assert done.returncode == 0, done.stderr
        assert "version 2" in done.stdout
        record = httpx.get(f"{url}/api/setups/3201/history").json()["versions"][-1]
        assert record["origin"] == "load"
        assert record["sources"] == [{"name": str(last_year), "sha256": sha256(last_year)}]
        # the bundled example sent through the server (as a command beside it marks it) keeps the user's setup
        bundled = httpx.put(f"{url}/sparql/graphs", params={"graph": "setup/3201"}, content=baerum().read_bytes(),
                            headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}",
                                     "Laget-Origin": "bundled"})
        assert bundled.status_code == 204 and bundled.headers["laget-outcome"] == "kept"
        assert exported(url) == file_triples(last_year)
        # drop and restore through the server; history read from a snapshot of the store
        refused = laget(data_dir, "drop", "3201")
        assert refused.returncode == 2 and "LAGET_UPDATE_TOKEN" in refused.stderr
        dropped = laget(data_dir, "drop", "3201", token=TOKEN)
        assert dropped.returncode == 0, dropped.stderr
        assert "laget restore 3201 2" in dropped.stdout
        assert httpx.get(f"{url}/graphs/setup/3201").status_code == 404
        history = laget(data_dir, "history", "3201", "--format", "json")
        assert history.returncode == 0, history.stderr
        assert [v["current"] for v in json.loads(history.stdout)] == [False, False]
        restored = laget(data_dir, "restore", "3201", "2", token=TOKEN)
        assert restored.returncode == 0, restored.stderr
        assert exported(url) == file_triples(last_year)
        missing = laget(data_dir, "restore", "3201", "9", token=TOKEN)
        assert missing.returncode == 2 and "has no version 9" in missing.stderr and "Traceback" not in missing.stderr
