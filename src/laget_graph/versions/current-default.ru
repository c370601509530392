# Rebuild the embedded store's default graph as the union of the current graphs: what every query reads
# as its default graph once the store keeps versions (see laget_graph/versions/names.py). Versions,
# histories and lgg:current are left out. Run after every write; blank nodes keep their identity.
DROP SILENT DEFAULT ;
INSERT { ?s ?p ?o }
WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (?g != <https://w3id.org/laget/graph/current>
          && !STRSTARTS(STR(?g), "https://w3id.org/laget/graph/version/")
          && !STRSTARTS(STR(?g), "https://w3id.org/laget/graph/history/"))
}
