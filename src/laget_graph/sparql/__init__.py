"""SPARQL for researchers: a guarded, time-limited query service and the project's named queries.

``guard`` refuses what could reach the network or the file system before anything runs,
``runner`` executes queries in killable worker processes, ``results`` turns engine answers into
the SPARQL 1.1 result formats, and ``named`` reads the competency questions in ``queries/*.rq``.
"""
