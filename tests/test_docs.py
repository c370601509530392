"""pyLODE documentation of the ontology (``make docs``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from laget_graph.docs import build, merged_ontology
from laget_graph.namespaces import LG


def test_docs_page_documents_every_class(tmp_path: Path) -> None:
    pytest.importorskip("pylode")
    page = build(tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    g = merged_ontology()
    from rdflib.namespace import OWL, RDF

    classes = [c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(LG))]
    assert len(classes) > 40
    missing = [c for c in classes if str(c) not in page]
    assert missing == []
    assert "Barnekoordinator" in page or "barnekoordinator" in page
