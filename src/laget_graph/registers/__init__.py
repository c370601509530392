"""The public registers as the start of a setup (``laget registers``): the skeleton of a municipality's
kindergartens and schools, their organisation numbers and owners, from Nasjonalt skoleregister (NSR),
Nasjonalt barnehageregister (NBR) and Enhetsregisteret.

One module per register (:mod:`.nsr`, :mod:`.nbr`, :mod:`.enhetsregisteret`), the file reading they
share (:mod:`.records`), and the builder (:mod:`.skeleton`). Core logic: no typer, rich or web
libraries; httpx only when Enhetsregisteret's API is asked.
"""

from .errors import RegisterError
from .records import RegisterFile
from .skeleton import Skeleton, Sources, Summary, build_skeleton, skeleton_graph

__all__ = ["RegisterError", "RegisterFile", "Skeleton", "Sources", "Summary", "build_skeleton", "skeleton_graph"]
