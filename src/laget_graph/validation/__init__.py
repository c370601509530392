"""Validation of municipal setups against the SHACL shapes in ``shapes/``.

The fast path compiles each shape to one SPARQL query over pyoxigraph (:mod:`.compiler`,
:mod:`.engine`); pyshacl stays the reference implementation (:mod:`.reference`) and runs the
shapes the compiler cannot handle.
"""
