"""Settings from ``LAGET_*`` variables: every variable is read, empty ones keep the default, and a bad
value is named in the user's language (the command line exits 2 with it instead of a traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from laget_graph.config import Settings, SettingsError


def test_variables_are_read_with_their_types(tmp_path: Path) -> None:
    s = Settings.from_env({"LAGET_DATA_DIR": str(tmp_path), "LAGET_PORT": "8123", "LAGET_QUERY_TIMEOUT": "2.5",
                           "LAGET_QUERY_QUEUE": "4", "LAGET_QUERY_QUEUE_WAIT": "7", "LAGET_QUERY_WORKERS": "3",
                           "LAGET_CORS_ORIGINS": "https://a.example, https://b.example", "LAGET_LANG": "en"})
    assert (s.data_dir, s.port, s.query_timeout_s, s.query_queue, s.query_queue_wait_s, s.query_workers) == (
        tmp_path, 8123, 2.5, 4, 7.0, 3)
    assert s.cors_origins == ("https://a.example", "https://b.example") and s.lang == "en"


def test_empty_variables_keep_the_defaults() -> None:
    assert Settings.from_env({"LAGET_PORT": "", "LAGET_QUERY_QUEUE": " ", "LAGET_LANG": "nb"}) == Settings(lang="nb")


@pytest.mark.parametrize(("lang", "expected"), [("nb", "LAGET_QUERY_QUEUE='mange' er ikke et heltall."),
                                                 ("en", "LAGET_QUERY_QUEUE='mange' is not a whole number.")])
def test_a_bad_value_is_named(lang: str, expected: str) -> None:
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"LAGET_QUERY_QUEUE": "mange", "LAGET_LANG": lang})
    assert str(err.value) == expected and err.value.variable == "LAGET_QUERY_QUEUE"


def test_the_command_line_names_a_bad_variable_without_a_traceback() -> None:
    env = {**os.environ, "LAGET_PORT": "åtte", "LAGET_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "laget_graph.cli", "info"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "LAGET_PORT='åtte' is not a whole number." in done.stderr and "Traceback" not in done.stderr
