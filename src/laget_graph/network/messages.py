"""Everything the network says to people, in Norwegian bokmål and English."""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import Catalog
from .scope import Scope

T = Catalog({
    # legend groups
    "group.statped": {"nb": "Statped", "en": "Statped"},
    "group.ppt": {"nb": "PP-tjeneste", "en": "Educational-psychological service (PPT)"},
    "group.childwelfare": {"nb": "Barneverntjeneste", "en": "Child welfare service"},
    "group.health": {"nb": "Helsetjeneste (helsestasjon, skolehelse, BUP, HF)",
                     "en": "Health service (health station, school health, CAMHS, trust)"},
    "group.support": {"nb": "Annen støttetjeneste", "en": "Other support service"},
    "group.kindergarten": {"nb": "Barnehage", "en": "Kindergarten"},
    "group.sfo": {"nb": "SFO", "en": "After-school programme"},
    "group.school": {"nb": "Skole", "en": "School"},
    "group.municipality": {"nb": "Kommune", "en": "Municipality"},
    "group.owner": {"nb": "Annen eier (fylkeskommune, privat)", "en": "Other owner (county, private)"},
    "group.state": {"nb": "Statsforvalter / nasjonal myndighet", "en": "County Governor / national authority"},
    "group.forum": {"nb": "Samarbeidsforum", "en": "Cooperation forum"},
    "group.uh": {"nb": "Universitet / høgskole", "en": "University / university college"},
    "group.rvts": {"nb": "RVTS", "en": "RVTS"},
    "group.body": {"nb": "Styrings-, arbeids- eller ressursgruppe", "en": "Steering, working or resource group"},
    "group.post": {"nb": "Stilling / funksjon", "en": "Post / function"},
    "group.other": {"nb": "Annen aktør", "en": "Other actor"},
    "group.county": {"nb": "Fylke (samlet)", "en": "County (aggregated)"},
    # relation families (lg:collaboratesWith, lg:governanceRelation) and the structure
    "family.support": {"nb": "Støtte og samarbeid", "en": "Support and collaboration"},
    "family.governance": {"nb": "Styring (stiplet)", "en": "Governance (dashed)"},
    "family.structure": {"nb": "Organisasjon", "en": "Organisation"},
    # structural relations (the lg: relations take their names from the ontology)
    "relation.postIn": {"nb": "stilling i", "en": "post in"},
    "relation.partOf": {"nb": "del av", "en": "part of"},
    # figures
    "fig.nodes": {"nb": "Aktører", "en": "Actors"},
    "fig.edges": {"nb": "Koblinger", "en": "Links"},
    "fig.density": {"nb": "Tetthet", "en": "Density"},
    "fig.covered_cells": {"nb": "Dekkede område × nivå", "en": "Covered area × tier cells"},
    "fig.gaps": {"nb": "Udekkede område × nivå", "en": "Uncovered area × tier cells"},
    "fig.single_cover": {"nb": "Område × nivå med bare én aktør", "en": "Area × tier cells with one actor only"},
    "fig.no_path_to_ppt": {"nb": "Enheter uten vei til PPT", "en": "Units with no path to PPT"},
    "fig.no_path_to_statped": {"nb": "Enheter uten vei til Statped", "en": "Units with no path to Statped"},
    "fig.dropout_actors": {"nb": "Aktører som er eneste dekning", "en": "Actors who are the only cover"},
    "fig.communities": {"nb": "Samarbeidsklynger", "en": "Communities"},
    "fig.intermunicipal": {"nb": "Interkommunale klynger", "en": "Inter-municipal communities"},
    # table titles and headers
    "t.summary": {"nb": "Nettverket: {scope}", "en": "The network: {scope}"},
    "t.centrality": {"nb": "Meglere og flaskehalser (sentralitet)", "en": "Brokers and bottlenecks (centrality)"},
    "t.matrix": {"nb": "Dekning: kompetanseområde × nivå", "en": "Coverage: competence area × tier"},
    "t.no_path": {"nb": "Enheter uten vei til PPT eller Statped", "en": "Units with no path to PPT or Statped"},
    "t.dropout": {"nb": "Sårbare punkter: hvis aktøren faller bort, mister disse all dekning",
                  "en": "Single points of failure: if the actor drops out, these lose all cover"},
    "t.communities": {"nb": "Samarbeidsklynger", "en": "Communities"},
    "t.compare": {"nb": "Sammenligning", "en": "Comparison"},
    "h.actor": {"nb": "Aktør", "en": "Actor"},
    "h.type": {"nb": "Type", "en": "Type"},
    "h.degree": {"nb": "Grad", "en": "Degree"},
    "h.betweenness": {"nb": "Mellomliggende", "en": "Betweenness"},
    "h.area": {"nb": "Område", "en": "Area"},
    "h.lost": {"nb": "Mister dekning", "en": "Loses cover"},
    "h.target": {"nb": "Mangler vei til", "en": "No path to"},
    "h.members": {"nb": "Medlemmer", "en": "Members"},
    "h.municipalities": {"nb": "Kommuner", "en": "Municipalities"},
    "h.figure": {"nb": "Mål", "en": "Figure"},
    "h.difference": {"nb": "Endring", "en": "Change"},
    "none": {"nb": "ingen", "en": "none"},
    "gap": {"nb": "— (ingen)", "en": "— (none)"},
    "scope.country": {"nb": "hele landet", "en": "the whole country"},
    "scope.county": {"nb": "fylke {county}", "en": "county {county}"},
    "scope.municipality": {"nb": "kommune {numbers}", "en": "municipality {numbers}"},
    "scope.year": {"nb": "{scope}, {year}", "en": "{scope}, {year}"},
    "scope.named_county": {"nb": "fylke {name} ({county})", "en": "county {name} ({county})"},
    "more": {"nb": "… og {n} til", "en": "… and {n} more"},
    # CLI
    "cli.help": {"nb": "Samarbeidsnettverket rundt barnet: analyse og visning.",
                 "en": "The collaboration network around the child: analysis and view."},
    "cli.analyse": {"nb": "Analyser nettverket: sentralitet, vei til PPT/Statped, dekning, sårbare punkter, "
                          "klynger; sammenlign to kommuner eller to år.",
                    "en": "Analyse the network: centrality, paths to PPT/Statped, coverage, single points "
                          "of failure, communities; compare two municipalities or two years."},
    "cli.view": {"nb": "Tegn nettverket: interaktiv HTML-fil (alt innebygd) eller statisk PNG/SVG.",
                 "en": "Draw the network: interactive HTML file (everything embedded) or static PNG/SVG."},
    "opt.municipality": {"nb": "Kommunenummer (4 siffer); kan gjentas.",
                         "en": "Municipality number (4 digits); may be repeated."},
    "opt.county": {"nb": "Fylkesnummer (2 siffer): hele fylket, samlet per kommune i visningen.",
                   "en": "County number (2 digits): the whole county, one node per municipality in the view."},
    "opt.year": {"nb": "Dataene slik de var ved utgangen av dette året: hvert oppsetts versjon som gjaldt da, og "
                       "det som gjaldt det året (schema:startDate/endDate).",
                 "en": "The data as it stood at the end of this year: each setup's version current then, and "
                       "what held in that year (schema:startDate/endDate)."},
    "opt.fold": {"nb": "Slå stillinger sammen med organisasjonen de er stilling i.",
                 "en": "Fold posts into the organisation they are a post in."},
    "opt.format_analyse": {"nb": "Utdata: table, json eller ttl (RDF).", "en": "Output: table, json or ttl (RDF)."},
    "opt.format_view": {"nb": "html (interaktiv, standard), png eller svg (statisk).",
                        "en": "html (interactive, default), png or svg (static)."},
    "opt.output": {"nb": "Fil å skrive til.", "en": "File to write to."},
    "opt.compare": {"nb": "Sammenlign med denne kommunen (kommunenummer).",
                    "en": "Compare with this municipality (number)."},
    "opt.compare_year": {"nb": "Sammenlign med samme område ved utgangen av dette året (hvert oppsetts versjon "
                               "som gjaldt da); uten --year sammenlignes med dataene slik de er nå.",
                         "en": "Compare with the same scope at the end of this year (each setup's version "
                               "current then); without --year, with the data as it is now."},
    "opt.municipalities": {"nb": "Kommunenummer (4 siffer), som --municipality.",
                           "en": "Municipality numbers (4 digits), like --municipality."},
    "opt.save": {"nb": "Lagre resultatene som RDF i lageret (graf analysis/network/…).",
                 "en": "Save the results as RDF in the store (graph analysis/network/…)."},
    "opt.data_dir": {"nb": "Mappen til det innebygde lageret (standard: LAGET_DATA_DIR eller brukerens datamappe).",
                     "en": "Folder of the embedded store (default: LAGET_DATA_DIR or the user's data folder)."},
    "opt.lang": {"nb": "Språk for etiketter: nb eller en.", "en": "Language of labels: nb or en."},
    "opt.area": {"nb": "Vis bare aktører som dekker dette området (IRI eller lokalt navn).",
                 "en": "Show only actors covering this area (IRI or local name)."},
    "opt.tier": {"nb": "Vis bare aktører som dekker dette nivået (1, 2, 3).",
                 "en": "Show only actors covering this tier (1, 2, 3)."},
    "opt.type": {"nb": "Vis bare denne aktørtypen (gruppe, f.eks. school, ppt).",
                 "en": "Show only this actor type (group, e.g. school, ppt)."},
    "opt.relation": {"nb": "Vis bare denne relasjonen (f.eks. serves, refersTo).",
                     "en": "Show only this relation (e.g. serves, refersTo)."},
    "saved": {"nb": "{triples} tripler lagret i {graph}", "en": "{triples} triples saved in {graph}"},
    "written": {"nb": "Skrev {path} ({nodes} noder, {edges} kanter)",
                "en": "Wrote {path} ({nodes} nodes, {edges} edges)"},
    "err.empty": {"nb": "Fant ingen aktører for {scope}. Er dataene lastet inn (laget load --bundled)?",
                  "en": "No actors found for {scope}. Is the data loaded (laget load --bundled)?"},
    "err.year": {"nb": "{option}: «{value}» er ikke et årstall; skriv fire sifre mellom {low} og {high}, "
                       "for eksempel 2025.",
                 "en": "{option}: “{value}” is not a year; give four digits between {low} and {high}, "
                       "for example 2025."},
    # what a year's network is based on (network.build's basis: versions.Pick)
    "t.basis": {"nb": "Grunnlag for {scope}", "en": "What {scope} is based on"},
    "scope.now": {"nb": "{scope}, nå", "en": "{scope}, now"},
    "basis.version": {"nb": "{setup} i {year}: versjon {number}, lastet inn {date}{source}, {status}.",
                      "en": "{setup} in {year}: version {number}, loaded {date}{source}, {status}."},
    "basis.source": {"nb": " fra {files}", "en": " from {files}"},
    "basis.still": {"nb": "fortsatt gjeldende", "en": "still current"},
    "basis.replaced": {"nb": "erstattet {date}", "en": "replaced {date}"},
    "basis.dropped": {"nb": "{setup} i {year}: tatt ut {date} (versjon {number}), så oppsettet er ikke med.",
                      "en": "{setup} in {year}: dropped on {date} (version {number}), so the setup is not included."},
    "basis.newer": {"nb": "{setup} i {year}: ingen versjon er så gammel (den eldste ble lastet inn {date}); "
                          "gjeldende data er brukt, med sine egne start- og sluttdatoer.",
                    "en": "{setup} in {year}: no version is that old (the oldest was loaded {date}); the current "
                          "data is used, with its own start and end dates."},
    "basis.unrecorded": {"nb": "{setup} i {year}: ingen versjoner er registrert; gjeldende data er brukt, med "
                               "sine egne start- og sluttdatoer.",
                         "en": "{setup} in {year}: no versions are recorded; the current data is used, with its "
                               "own start and end dates."},
    "basis.deleted": {"nb": "{setup} i {year}: versjon {number} gjaldt da, men innholdet er slettet; gjeldende data "
                            "er brukt, med sine egne start- og sluttdatoer.",
                      "en": "{setup} in {year}: version {number} was current then, but its content was deleted; "
                            "the current data is used, with its own start and end dates."},
    "err.format": {"nb": "Ukjent format {fmt!r}; bruk {choices}.", "en": "Unknown format {fmt!r}; use {choices}."},
    "err.png_output": {"nb": "PNG og SVG krever --output.", "en": "PNG and SVG need --output."},
    # RDF export: the statistical variables the observations measure
    "var.degree": {"nb": "gradsentralitet", "en": "degree centrality"},
    "var.betweenness": {"nb": "mellomliggende sentralitet", "en": "betweenness centrality"},
    "var.path-to-ppt": {"nb": "har vei til PPT", "en": "has a path to PPT"},
    "var.path-to-statped": {"nb": "har vei til Statped", "en": "has a path to Statped"},
    "var.cover-count": {"nb": "antall aktører som dekker område og nivå",
                        "en": "number of actors covering area and tier"},
    "var.sole-cover": {"nb": "eneste dekning (faller aktøren bort, mister område og nivå all dekning)",
                       "en": "sole cover (if the actor drops out, the area and tier lose all cover)"},
    "var.community": {"nb": "samarbeidsklynge (nummer)", "en": "community (number)"},
    "run.label": {"nb": "Nettverksanalyse av {scope}", "en": "Network analysis of {scope}"},
    # page
    "page.title": {"nb": "Samarbeidsnettverket rundt barnet", "en": "The collaboration network around the child"},
    "page.intro": {"nb": "Hvem samarbeider med hvem rundt barnet. Velg kommune eller fylke, og filtrer på "
                         "kompetanseområde, nivå, aktørtype og relasjon.",
                   "en": "Who works with whom around the child. Choose a municipality or county, and filter "
                         "by competence area, tier, actor type and relation."},
    "page.municipality": {"nb": "Kommune", "en": "Municipality"},
    "page.county": {"nb": "Fylke", "en": "County"},
    "page.area": {"nb": "Kompetanseområde", "en": "Competence area"},
    "page.tier": {"nb": "Nivå", "en": "Tier"},
    "page.type": {"nb": "Aktørtype", "en": "Actor type"},
    "page.relation": {"nb": "Relasjon", "en": "Relation"},
    "page.all": {"nb": "alle", "en": "all"},
    "page.none": {"nb": "(ingen valgt)", "en": "(none chosen)"},
    "page.fold": {"nb": "Slå stillinger inn i organisasjonen", "en": "Fold posts into their organisation"},
    "page.posts": {"nb": "Vis stillinger som egne noder", "en": "Show posts as nodes of their own"},
    "page.unfold_hint": {"nb": "Stillinger er slått inn i organisasjonen sin: klikk på en organisasjon for å "
                               "vise stillingene.",
                         "en": "Posts are folded into their organisation: click an organisation to show its posts."},
    "page.matrix": {"nb": "Dekning: kompetanseområde × nivå (følger filtrene)",
                    "en": "Coverage: competence area × tier (follows the filters)"},
    "page.findings": {"nb": "Funn (følger filtrene)", "en": "Findings (follow the filters)"},
    "export.no_filter": {"nb": "ingen filtre", "en": "no filters"},
    "export.date": {"nb": "Laget {date}", "en": "Made on {date}"},
    "page.show": {"nb": "Vis", "en": "Show"},
    "page.search": {"nb": "Søk etter aktør", "en": "Search for an actor"},
    "page.legend": {"nb": "Tegnforklaring", "en": "Legend"},
    "page.actors": {"nb": "Aktørtyper", "en": "Actor types"},
    "page.relations": {"nb": "Relasjoner", "en": "Relations"},
    "page.png": {"nb": "Last ned PNG", "en": "Download PNG"},
    "page.svg": {"nb": "Last ned SVG", "en": "Download SVG"},
    "page.json": {"nb": "Data (JSON)", "en": "Data (JSON)"},
    "page.analysis": {"nb": "Analyse (JSON)", "en": "Analysis (JSON)"},
    "page.ttl": {"nb": "Analyse (RDF)", "en": "Analysis (RDF)"},
    "page.count": {"nb": "{nodes} aktører, {edges} koblinger", "en": "{nodes} actors, {edges} links"},
    "page.loading": {"nb": "Laster …", "en": "Loading …"},
    "page.empty": {"nb": "Ingen aktører passer til valget.", "en": "No actors match the choice."},
    "page.aggregated": {"nb": "Samlet per kommune (eller per fylke for hele landet): klikk for å åpne.",
                        "en": "One node per municipality (or per county for the whole country): click to open."},
    "page.gaps": {"nb": "Hull i dekningen", "en": "Gaps in coverage"},
    "page.no_path": {"nb": "Uten vei til PPT", "en": "No path to PPT"},
    "page.spof": {"nb": "Sårbare punkter", "en": "Single points of failure"},
    "tip.type": {"nb": "Type", "en": "Type"},
    "tip.municipality": {"nb": "Kommune", "en": "Municipality"},
    "tip.coverage": {"nb": "Dekker", "en": "Covers"},
    "tip.responsibilities": {"nb": "Ansvar", "en": "Responsibilities"},
    "tip.posts": {"nb": "Stillinger", "en": "Posts"},
    "tip.actors": {"nb": "{n} aktører", "en": "{n} actors"},
    "tip.context": {"nb": "(regional eller nasjonal aktør)", "en": "(regional or national actor)"},
    "tier.short": {"nb": "nivå {n}", "en": "tier {n}"},
    # the municipality page (team.py): the programme's roles and the findings in plain words
    "role.owner": {"nb": "Eier", "en": "Owner"},
    "role.coordinatedBy": {"nb": "Koordineres fra", "en": "Coordinated from"},
    "role.coordinator": {"nb": "Koordinator", "en": "Coordinator"},
    "role.steeringGroup": {"nb": "Styringsgruppe", "en": "Steering group"},
    "role.workingGroup": {"nb": "Arbeidsgrupper", "en": "Working groups"},
    "role.referenceGroup": {"nb": "Referansegruppe", "en": "Reference group"},
    "role.universityPartner": {"nb": "UH-partner", "en": "University partner"},
    "role.fundedBy": {"nb": "Finansiert av", "en": "Funded by"},
    "plain.gap": {"nb": "Ingen i laget dekker {area} på {tiers}.",
                  "en": "No one in the team covers {area} at {tiers}."},
    "plain.gap_all": {"nb": "Ingen i laget dekker {area} – på noe nivå.",
                      "en": "No one in the team covers {area} – at any tier."},
    "plain.spof": {"nb": "Hvis {actor} faller bort, mister laget all dekning av {cells}.",
                   "en": "If {actor} drops out, the team loses all cover of {cells}."},
    "plain.no_path": {"nb": "{n} enheter har ingen vei til {target}: {units}.",
                      "en": "{n} units have no path to {target}: {units}."},
    "plain.and": {"nb": " og ", "en": " and "},
    "plural.kindergarten": {"nb": "Barnehager", "en": "Kindergartens"},
    "plural.school": {"nb": "Skoler", "en": "Schools"},
    "plural.sfo": {"nb": "SFO", "en": "After-school programmes"},
})


def scope_text(scope: Scope, lang: str, names: Mapping[str, str] | None = None) -> str:
    """The scope in words (``Bærum (3201)``, ``fylke Innlandet (34)``, ``hele landet``), with its year.
    ``names`` maps municipality and county numbers to names; without one, the number stands alone
    (``kommune 3201``)."""
    names = names or {}
    if scope.kind == "municipality" and all(n in names for n in scope.municipalities):
        text = ", ".join(f"{names[n]} ({n})" for n in scope.municipalities)
    elif scope.kind == "county" and scope.county in names:
        text = T("scope.named_county", lang, name=names[scope.county], county=scope.county)
    else:
        text = T(f"scope.{scope.kind}", lang, numbers=", ".join(scope.municipalities), county=scope.county)
    return text if scope.year is None else T("scope.year", lang, scope=text, year=scope.year)
