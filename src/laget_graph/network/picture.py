"""A static picture of the network for reports (PNG or SVG), drawn by matplotlib without a browser."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display, no browser

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.lines import Line2D

from .measures import SEED
from .messages import T
from .view import view_data

#: vis-network shapes → matplotlib markers
MARKERS = {"dot": "o", "square": "s", "triangle": "^", "triangleDown": "v", "diamond": "D", "star": "*",
           "hexagon": "h"}


#: Print resolution of a PNG; an A4 page in landscape (11.7 in) is then 3 508 pixels wide.
DPI = 300


def draw(graph: nx.MultiDiGraph, path: Path, lang: str = "nb", title: str | None = None,
         subtitle: str | None = None) -> dict[str, int]:
    """Draw what the interactive view would show (aggregated for a county or the country) into
    ``path``; the format follows the suffix (``.png`` at 300 dpi, or ``.svg``). ``title`` and
    ``subtitle`` (scope, filters, date) head the picture, the legend stands beside it.
    Returns the node/edge counts."""
    with plt.rc_context({"svg.fonttype": "none"}):  # SVG text stays text: searchable, editable, smaller
        return _draw(graph, path, lang, title, subtitle)


def _draw(graph: nx.MultiDiGraph, path: Path, lang: str, title: str | None, subtitle: str | None) -> dict[str, int]:
    data = view_data(graph, lang, links=False)
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(n["id"] for n in data["nodes"])
    layout_graph.add_edges_from((e["from"], e["to"]) for e in data["edges"])
    pos = nx.spring_layout(layout_graph, seed=SEED, k=1.2 / max(1, len(data["nodes"])) ** 0.5)
    size = min(24.0, max(11.7, 6 + len(data["nodes"]) ** 0.5))
    fig, ax = plt.subplots(figsize=(size, size * 0.71), dpi=DPI)
    for e in data["edges"]:
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        ax.annotate("", xy=(x2, y2), xytext=(x1, y1), zorder=1,
                    arrowprops={"arrowstyle": "-|>" if e["arrows"] else "-", "color": e["color"],
                                "lw": e["width"], "alpha": 0.7, "shrinkA": 6, "shrinkB": 6,
                                "linestyle": "--" if e.get("dashes") else "-"})
    for n in data["nodes"]:
        x, y = pos[n["id"]]
        ax.scatter([x], [y], s=n["size"] * 12, c=n["color"], marker=MARKERS.get(n["shape"], "o"),
                   edgecolors="white", linewidths=0.8, zorder=2)
        ax.text(x, y - 0.035, n["label"], fontsize=7, ha="center", va="top", zorder=3)
    handles = [Line2D([], [], marker=MARKERS.get(g["shape"], "o"), color="white", markerfacecolor=g["colour"],
                      markersize=9, label=g["label"]) for g in data["legend"]["groups"]]
    handles += [Line2D([], [], color=r["colour"], lw=2, label=r["label"],
                       linestyle="--" if r.get("family") == "governance" else "-") for r in data["legend"]["relations"]]
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False,
                       title=T("page.legend", lang), title_fontsize=10)
    legend.get_title().set_fontweight("bold")
    if title:
        fig.suptitle(title, fontsize=16, fontweight="bold", x=0.02, ha="left")
    if subtitle:
        ax.set_title(subtitle, fontsize=10, loc="left", color="#4f5f69")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".").lower(), bbox_inches="tight", dpi=DPI,
                metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    plt.close(fig)
    return data["counts"]
