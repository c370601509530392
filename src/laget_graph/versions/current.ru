# Rebuild lgg:current on an external store: the union of the current graphs, which every query reads as
# its default graph once the store keeps versions (see laget_graph/versions/names.py). Versions,
# histories and lgg:current itself are left out. Run after every write; blank nodes keep their identity.
DROP SILENT GRAPH <https://w3id.org/laget/graph/current> ;
INSERT { GRAPH <https://w3id.org/laget/graph/current> { ?s ?p ?o } }
WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (?g != <https://w3id.org/laget/graph/current>
          && !STRSTARTS(STR(?g), "https://w3id.org/laget/graph/version/")
          && !STRSTARTS(STR(?g), "https://w3id.org/laget/graph/history/"))
}
