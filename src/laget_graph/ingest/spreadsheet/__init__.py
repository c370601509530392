"""The coordinators' spreadsheet: a template with drop-downs (XLSX and CSV) and its import to RDF.

Why a small table-driven importer and not an RML mapping run by morph-kgc: the issue asks for errors
that name the sheet, row and column and suggest the value that was meant, for one bad row to stop
the whole import, and for the Bærum example to round-trip exactly. morph-kgc maps rows to triples
well but reports neither cell positions nor near-misses for controlled values, and would turn an
unknown area into an IRI rather than an error. The mapping here is declarative all the same: every
sheet and column is one entry in :mod:`.layout`, read by both the writer and the importer.
"""
