"""The ``policykg`` command: a thin layer that turns options into service calls.

Errors of policykg's own become one line on stderr and exit code 1 (2 for usage).
"""
from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from policykg.service import PolicyService
from policykg.settings import Settings
from policykg.stores import open_store
from policykg.graph.errors import PolicyKGError


class Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PolicyKGError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


def _settings(**options) -> Settings:
    return Settings(**{k: v for k, v in options.items() if v is not None})


def _table(rows: list[dict], columns: list[str]) -> str:
    def width(s: str) -> int:   # CJK characters take two cells
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cells = [[str(r.get(c, "") if r.get(c) is not None else "") for c in columns] for r in rows]
    widths = [max([width(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    out = ["  ".join(c + " " * (w - width(c)) for c, w in zip(columns, widths))]
    out.append("  ".join("-" * w for w in widths))
    for row in cells:
        out.append("  ".join(v + " " * (w - width(v)) for v, w in zip(row, widths)))
    return "\n".join(out)


def _progress_loader(service: PolicyService, corpus, label: str, strict: bool = False):
    """Load with a progress line per document on stderr."""
    def progress(name: str):
        click.echo(f"  {label} {name}", err=True)
    return service.load(corpus, progress, strict=strict)


corpus_option = click.option("--corpus", type=click.Path(path_type=Path), default=None,
                             help="corpus folder with a manifest.toml (default: the bundled corpus)")


def store_options(fn):
    """--backend, --uri, --user, --password (also from POLICYKG_NEO4J_* variables)."""
    fn = click.option("--password", default=None, help="Neo4j password (or POLICYKG_NEO4J_PASSWORD)")(fn)
    fn = click.option("--user", default=None, help="Neo4j user (or POLICYKG_NEO4J_USER; default neo4j)")(fn)
    fn = click.option("--uri", default=None, help="Neo4j Bolt URI, e.g. bolt://127.0.0.1:7687 (or POLICYKG_NEO4J_URI)")(fn)
    fn = click.option("--backend", type=click.Choice(["networkx", "neo4j"]), default=None,
                      help="store: networkx (embedded, default) or neo4j")(fn)
    return fn


def _store_settings(backend, uri, user, password, **rest) -> Settings:
    if uri and backend is None:
        backend = "neo4j"
    return _settings(backend=backend, neo4j_uri=uri, neo4j_user=user, neo4j_password=password, **rest)


@click.group(cls=Group)
@click.version_option(package_name="policykg")
def main():
    """policykg: compare Chinese IP-protection policies across jurisdictions."""


@main.command()
@corpus_option
@store_options
@click.option("--strict", is_flag=True, default=None,
              help="refuse the whole corpus if one document cannot be used (default: set it aside, load the rest)")
@click.option("--bulk", is_flag=True, default=False,
              help="first load into an EMPTY bundled Neo4j with neo4j-admin database import (server stopped; needs --data)")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="with --bulk: the bundled Neo4j's data folder, as given to `policykg neo4j start --data`")
def load(corpus, backend, uri, user, password, strict, bulk, data_dir):
    """Load a corpus and print what was loaded: counts per document, warnings, and the documents
    set aside (each with its file and why it could not be used).

    With --backend neo4j (or --uri) the graph is written to Neo4j as a new generation beside the
    one readers see, in bounded transactions, and readers are switched to it in one small
    transaction: if the load fails, the graph that was there stays. With --bulk --data DIR a
    first load goes into the empty database of a stopped bundled Neo4j through Neo4j's import
    tool (constraints and indexes created after it), the fastest way in."""
    if bulk:
        return _bulk_load(corpus, backend, uri, strict, data_dir)
    if data_dir is not None:
        raise click.UsageError("--data is for --bulk (the data folder of a stopped bundled Neo4j)")
    settings = _store_settings(backend, uri, user, password, corpus=corpus, strict=strict)
    service = PolicyService(open_store(settings))
    try:
        report = _progress_loader(service, settings.corpus, "loading", settings.strict)
    finally:
        service.store.close()
    _print_report(report, f"Loaded {report.corpus} into the {service.store.backend} store in {report.seconds:.2f}s\n")


def _bulk_load(corpus, backend, uri, strict, data_dir) -> None:
    import time
    from policykg.graph.neo4j_bulk import bulk_load, preflight
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import LoadReport
    if uri or backend == "networkx":
        raise click.UsageError("--bulk writes the files of a stopped bundled Neo4j (--data DIR), not a server at --uri")
    if data_dir is None:
        raise click.UsageError("--bulk needs --data DIR: the data folder of the bundled Neo4j (stopped)")
    preflight(data_dir)                      # before parsing: Java, an empty database, no server on it
    settings = _settings(corpus=corpus, strict=strict)
    started = time.perf_counter()
    built = PolicyService(NetworkxStore()).build(settings.corpus, lambda n: click.echo(f"  parsing {n}", err=True),
                                                 settings.strict)
    click.echo(f"  importing {len(built.data.nodes):,} nodes and {len(built.data.rels):,} relationships "
               "with neo4j-admin database import", err=True)
    built.with_search_terms()
    done = bulk_load(built.data, data_dir, echo=lambda line: click.echo(f"  {line}", err=True))
    report = LoadReport(built.corpus_path, built.documents, built.data.counts(), built.warnings,
                        time.perf_counter() - started, built.set_aside)
    _print_report(report, f"Imported {report.corpus} into the Neo4j database in {data_dir} in {report.seconds:.2f}s "
                          f"(neo4j-admin import; {done['fixed_nodes'] + done['fixed_relationships']:,} values set after it); "
                          f"start it with `policykg neo4j start --data {data_dir}`\n")


def _print_report(report, headline: str) -> None:
    click.echo(headline)
    click.echo(_table(report.documents, ["id", "jurisdiction", "items", "provisions", "sections",
                                         "agencies", "citations", "noise_removed", "title"]))
    click.echo("\nGraph: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
    if report.warnings:
        click.echo("\nWarnings:")
        for w in report.warnings:
            click.echo(f"  - {w}")
    if report.set_aside:
        click.echo(f"\nSet aside ({len(report.set_aside)} of {len(report.set_aside) + len(report.documents)} "
                   "documents could not be used; the rest loaded):")
        for a in report.set_aside:
            click.echo(f"  - {a['file']}: {a['reason']}")


@main.command()
@click.argument("ident")
@corpus_option
@store_options
def inspect(ident, corpus, backend, uri, user, password):
    """Show a document's or a jurisdiction's structure, metadata, agencies,
    citations and what cleaning removed (read from the store, never written)."""
    from policykg.inspect import inspect as report
    service = _reader(corpus, backend, uri, user, password)
    try:
        click.echo(report(ident, service))
    finally:
        service.store.close()


def _reader(corpus, backend, uri, user, password) -> PolicyService:
    """A service that answers questions and never writes: on the embedded store, built in memory
    from the corpus; on Neo4j, reading what the database holds (the corpus is not read)."""
    settings = _store_settings(backend, uri, user, password, corpus=corpus)
    service = PolicyService(open_store(settings))
    if settings.backend == "networkx":
        service.load(settings.corpus)
    elif corpus is not None:
        service.store.close()
        raise click.UsageError("--corpus is for the embedded store; on Neo4j the questions read what "
                               "`policykg load --backend neo4j` wrote")
    return service


@contextmanager
def _closing(service: PolicyService):
    try:
        yield service
    finally:
        service.store.close()


def _numbered(p: dict) -> str:
    """A provision by its number, or by its id when the number is only a bullet (-, ●)."""
    number = (p.get("number") or "").strip()
    return number if any(c.isalnum() for c in number) else p["id"]


def _one_line(text: str, n: int = 48) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


@main.command()
@click.argument("phrase")
@corpus_option
@store_options
def adoption(phrase, corpus, backend, uri, user, password):
    """Which jurisdictions adopt a measure, asked in Chinese or English: policykg adoption "技术调查官"."""
    with _closing(_reader(corpus, backend, uri, user, password)) as service:
        answer = service.adoption(phrase)
    if answer["route"] == "measure":
        click.echo("Measures: " + "; ".join(f"{m['label_zh']} / {m['label_en']} ({m['id']}, {m['score']:.2f})"
                                             for m in answer["measures"]))
    elif answer["route"] == "theme":
        t = answer["theme"]
        click.echo(f"Theme {t['label_zh']} / {t['label_en']}: its {len(answer['measures'])} measures, "
                   + "; ".join(m["label_zh"] for m in answer["measures"]))
    else:
        click.echo("No measure fits; ranked full-text search over provisions:")
        if answer.get("suggestions"):
            click.echo("Nearest measures: " + "; ".join(f"{s['label_zh']} / {s['label_en']} ({s['id']})"
                                                      for s in answer["suggestions"]))
    several = len(answer["measures"]) > 1
    rows = [{"jurisdiction": j["name_zh"] + ("*" if j.get("name_status") == "inferred" else ""),
             "provision": p["id"], "number": p["number"] or "",
             "evidence": (p["evidence"]["matched"] + (f" ({', '.join(h['measure'] for h in p.get('measures') or [])})"
                                                      if several else "")) if p.get("evidence") else f"score {p.get('score')}",
             "text": _one_line(p["text"])}
            for j in answer["jurisdictions"] for p in j["provisions"]]
    if not rows:
        click.echo("No jurisdiction.")
        return
    click.echo(_table(rows, ["jurisdiction", "provision", "number", "evidence", "text"]))
    click.echo(f"\n{len(answer['jurisdictions'])} jurisdictions" +
               ("  (* name inferred)" if any(j.get("name_status") == "inferred" for j in answer["jurisdictions"]) else ""))


@main.command()
@click.argument("jurisdictions", nargs=-1, required=True)
@click.option("--theme", default=None, help="only measures of this theme (strict, broad, fast, equal, …)")
@corpus_option
@store_options
def compare(jurisdictions, theme, corpus, backend, uri, user, password):
    """Two or more jurisdictions side by side: policykg compare beijing luohe."""
    with _closing(_reader(corpus, backend, uri, user, password)) as service:
        answer = service.compare(list(jurisdictions), theme)
    js = answer["jurisdictions"]

    def row(m, marks):
        out = {"measure": f"{m['label_zh']} ({m['id']})"}
        for j in js:
            provs = m["provisions"].get(j, [])
            out[j] = ", ".join(p["number"] or p["id"] for p in provs) if provs else marks
        return out

    for n in answer.get("no_documents") or []:
        click.echo(f"{n['id']} ({n['name_zh']}): {n['message']}")
    click.echo(f"Shared by all ({len(answer['shared'])})")
    click.echo(_table([row(m, "") for m in answer["shared"]], ["measure", *js]) if answer["shared"] else "  none")
    differing = [m for m in answer["shared"] if m.get("differences")]
    if differing:
        click.echo(f"\nShared, but stated differently ({len(differing)})")
        click.echo(_table([{"measure": f"{m['label_zh']} ({m['id']})", "aspect": d["aspect"],
                            **{j: _one_line("；".join(v) if isinstance(v := d["values"].get(j), list) else str(v or "—"), 30)
                               for j in js}}
                           for m in differing for d in m["differences"]], ["measure", "aspect", *js]))
    for j in js:
        only = answer["only"][j]
        click.echo(f"\nOnly {j} ({len(only)})")
        click.echo(_table([row(m, "—") for m in only], ["measure", *js]) if only else "  none")
    if answer["partial"]:
        click.echo(f"\nSome but not all ({len(answer['partial'])})")
        click.echo(_table([row(m, "—") for m in answer["partial"]], ["measure", *js]))


@main.command()
@click.option("--measure", default=None, help="a measure id, e.g. trade_secrets")
@click.option("--theme", default=None, help="a theme id (strict, broad, fast, equal, …)")
@click.option("--jurisdiction", default=None, help="a jurisdiction id")
@click.option("--agency-type", default=None, help="an agency type, e.g. court, market_regulation")
@click.option("--role", type=click.Choice(["lead", "support", "responsible"]), default=None)
@click.option("--due-before", default=None, help="dated deadlines on or before this day (YYYY-MM-DD)")
@click.option("--csv", "as_csv", is_flag=True, help="print every row as CSV instead of a table")
@corpus_option
@store_options
def responsibilities(measure, theme, jurisdiction, agency_type, role, due_before, as_csv, corpus, backend, uri,
                     user, password):
    """Who must do what by when: policykg responsibilities --measure trade_secrets."""
    from policykg.accountability import to_csv
    with _closing(_reader(corpus, backend, uri, user, password)) as service:
        answer = service.responsibilities(measure, theme, jurisdiction, agency_type, role, due_before)
    if as_csv:
        click.echo(to_csv(answer["rows"]).lstrip("\ufeff"), nl=False)
        return
    rows = [{"provision": r["provision"]["citation"], "measure": (r["measure"] or {}).get("id") or "—",
             "agency": r["agency"]["name"], "type": r["agency"]["type"], "role": r["agency"]["role"],
             "deadline": (r["deadline"] or {}).get("date") or _one_line((r["deadline"] or {}).get("text") or "—", 16)}
            for r in answer["rows"]]
    if not rows:
        click.echo("No responsibility matches.")
        return
    click.echo(_table(rows, ["provision", "measure", "agency", "type", "role", "deadline"]))
    click.echo(f"\n{answer['total']} rows")


@main.command()
@click.argument("document")
@corpus_option
@store_options
def implementation(document, corpus, backend, uri, user, password):
    """What a document took up, left out and added of each ancestor it carries out: policykg implementation luolong."""
    with _closing(_reader(corpus, backend, uri, user, password)) as service:
        gap = service.implementation(document)
    if not gap["ancestors"]:
        click.echo(f"{document}: no ancestor in the corpus (by citation or reused text) to compare with.")
    for a in gap["ancestors"]:
        ref = a["ancestor"]
        how = " and ".join({"implements": "by citation", "derived": "by reused text"}[r] for r in a["relations"])
        click.echo(f"{document} → {ref['id']} 《{ref.get('title') or ''}》 ({how}, {a['depth']} step"
                   f"{'s' * (a['depth'] != 1)}): took up {len(a['took_up'])} of the ancestor's "
                   f"{len(a['took_up']) + len(a['left_out'])} measures, added {len(a['added'])}")
        rows = [{"": mark, "measure": f"{e['measure']['label_zh']} ({e['measure']['id']})",
                 "here": ", ".join(_numbered(p) for p in e["provisions"]) or "—",
                 "ancestor": ", ".join(_numbered(p) for p in e["ancestor_provisions"]) or "—"}
                for mark, key in (("=", "took_up"), ("−", "left_out"), ("+", "added")) for e in a[key]]
        if rows:
            click.echo(_table(rows, ["", "measure", "here", "ancestor"]))
        click.echo("")
    for o in gap["outside_corpus"]:
        click.echo(f"not in the corpus, not compared: {o['document'].get('title') or o['document']['id']}")


@main.command()
@corpus_option
@click.option("--host", default=None, help="address to listen on (default 127.0.0.1)")
@click.option("--port", type=int, default=None, help="port (default 8000)")
@store_options
def serve(corpus, host, port, backend, uri, user, password):
    """Serve the API (and its docs at /docs), on the embedded store or on Neo4j."""
    import uvicorn

    from policykg.main import create_app
    settings = _store_settings(backend, uri, user, password, corpus=corpus, host=host, port=port)
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    service = PolicyService(open_store(settings))
    service.serving = True          # a long-running server: graphs frozen, first questions made ready
    # the app is made before the load: after it, the warm-up thread (jieba's dictionary, the
    # matrix) would hold the interpreter while the routes and models are being made
    app = create_app(settings, service)
    if settings.loads_on_start:
        report = _progress_loader(service, settings.corpus, "loading")       # warms up after it
        click.echo(f"Loaded {len(report.documents)} documents in {report.seconds:.2f}s.", err=True)
    else:
        service.warm_up_in_background()
        click.echo(f"Serving the graph that is in {service.store.backend} (load it with `policykg load`).", err=True)
    click.echo(f"Serving on http://{settings.host}:{settings.port}/ (API docs at /docs)", err=True)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port,
                    log_level=settings.log_level)
    finally:
        service.close()


@main.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "neo4j-csv", "json"]), required=True)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="file to write (a folder for neo4j-csv)")
@corpus_option
@store_options
def export(fmt, out, corpus, backend, uri, user, password):
    """Export the graph the store holds: GraphML, GEXF (Gephi), CSV for neo4j-admin database import, or JSON."""
    from policykg.graph.export import export as write
    with _closing(_reader(corpus, backend, uri, user, password)) as service:
        data = service.snapshot()
    counts = write(data, fmt, out)
    click.echo(f"Wrote {counts['nodes']} nodes and {counts['relationships']} relationships as {fmt} to {out}")
    if fmt == "neo4j-csv":
        click.echo(f"See {Path(out) / 'IMPORT.txt'} for the neo4j-admin command.")


@main.command()
@click.argument("ident")
@corpus_option
@store_options
def lineage(ident, corpus, backend, uri, user, password):
    """Print the lineage tree of a document (or of every document of a jurisdiction)."""
    from policykg.graph.errors import NotFound
    with _closing(_reader(corpus, backend, uri, user, password)) as service:
        try:
            answers = [service.lineage(ident)]
        except NotFound:
            answers = service.jurisdiction_lineage(ident)["documents"]

    def label(ref):
        parts = [ref["title"] or ref["id"]]
        if ref.get("doc_number"):
            parts.append(ref["doc_number"])
        if ref.get("level"):
            parts.append(ref["level"])
        if not ref.get("in_corpus"):
            parts.append("cited")
        return "  ".join(parts)

    for answer in answers:
        click.echo(label(answer["document"]))
        routes = [{**r, "document": s["document"]} for s in answer["ancestors"] for r in s["routes"]]
        for step in sorted(routes, key=lambda s: s["path"]):   # parents before children
            arrow = "implements" if step["relation"] == "implements" else "reuses wording of"
            click.echo("    " * step["depth"] + f"└─ {arrow}: {label(step['document'])}")
            if step["evidence"]:
                click.echo("    " * step["depth"] + f"     “{_one_line(step['evidence'], 70)}”")
        if answer["descendants"]:
            click.echo("  carried out by: " + "; ".join(
                f"{s['document']['id']} ({s['relation']})" for s in answer["descendants"] if s["depth"] == 1))
        click.echo("")


@main.group()
def neo4j():
    """Run the bundled Neo4j (5.26 community and Neo4j Browser, from Maven Central)."""


@neo4j.command("start")
@click.option("--bolt-port", type=int, default=7687, show_default=True)
@click.option("--http-port", type=int, default=7474, show_default=True)
@click.option("--data", type=click.Path(path_type=Path), default=Path("var/neo4j"), show_default=True,
              help="folder for the database files")
@click.option("--guide-url", default=None,
              help="URL of the policykg Browser guide to play on connect (default: the one the API serves, "
                   "at POLICYKG_HOST and POLICYKG_PORT)")
def neo4j_start(bolt_port, http_port, data, guide_url):
    """Run Neo4j in the foreground until SIGTERM or Ctrl-C (then it stops Neo4j and exits 0);
    exits non-zero if Neo4j dies on its own. Prints the Bolt and Browser addresses."""
    from urllib.parse import urlsplit

    from policykg.graph import neo4j_server
    settings = Settings()
    api_host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    guide = guide_url or f"http://{api_host}:{settings.port}/neo4j/guide.html"
    allow = ",".join(dict.fromkeys(["localhost", "127.0.0.1", urlsplit(guide).hostname or api_host]))
    click.echo("Starting Neo4j (the first start resolves it from Maven Central)…", err=True)

    def ready(server):
        click.echo(f"Neo4j is ready.\n  Bolt:    {server.uri}\n  Browser: {server.browser}\n  data:    {server.data}\n"
                   f"  guide:   {guide}\n"
                   f"Load it with:  policykg load --uri {server.uri}\nServe it with: policykg serve --uri {server.uri}")

    status = neo4j_server.run(bolt_port, http_port, data, post_connect=f"play {guide}", allow_hosts=allow,
                              echo=lambda line: click.echo(line, err=True), ready=ready)
    if status == 0:
        click.echo("Neo4j stopped.", err=True)
    sys.exit(status)


@main.group()
def bench():
    """Benchmarks that print figures."""


@bench.command("tagging")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--sample", type=click.Path(dir_okay=False), default=None,
              help="the hand-labelled sample (default: the source checkout's tests/data/tagging_sample.toml)")
def bench_tagging(as_json, sample):
    """Tagging precision and recall against the hand-labelled sample."""
    from policykg.benchmarks.tagging import main as run
    code = run((["--json"] if as_json else []) + (["--sample", sample] if sample else []))
    raise SystemExit(code)


# benchmarks whose scripts take their own options (each prints --help)
PASS_THROUGH = {
    "pipeline": ("policykg.benchmarks.pipeline", "The whole load of N generated documents beside jieba's floor (--documents N …, --json)."),
    "api": ("policykg.benchmarks.api_latency", "API p50/p95 and throughput under concurrent load (--documents 3000 --store both …)."),
    "neo4j-throughput": ("policykg.benchmarks.neo4j_throughput", "Neo4j load rows/s: batched UNWIND/MERGE against one row per transaction."),
    "genre": ("policykg.benchmarks.genre", "Unseen documents written in the genre: metadata, items and tagging P/R, dev and held-out apart."),
    "restart": ("policykg.benchmarks.restart", "policykg serve restart on an unchanged corpus: cold, then from the graph cache (--documents N)."),
    "alignment": ("policykg.benchmarks.alignment", "Reused-text alignment time on synthetic corpora of growing size (--documents N N …)."),
}


def _pass_through(module: str):
    def run(args):
        import importlib
        try:
            bench_module = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            # the benchmarks that drive a server over HTTP need httpx, which serving does not
            raise click.ClickException(f"this benchmark needs the Python package {exc.name!r}, which a plain "
                                       f"install leaves out: pip install 'policykg[bench]'") from None
        bench_module.main(list(args))
    return run


for _name, (_module, _help) in PASS_THROUGH.items():
    bench.command(_name, help=_help, context_settings={"ignore_unknown_options": True, "help_option_names": []})(
        click.argument("args", nargs=-1, type=click.UNPROCESSED)(_pass_through(_module)))


@bench.command("neo4j-load")
@click.option("--uri", default=None, help="a running Neo4j (default: start the bundled one for the run)")
@click.option("--repeat", type=int, default=3, show_default=True, help="quiet reloads per run")
@click.option("--runs", type=int, default=3, show_default=True, help="runs from empty databases (medians printed)")
@click.option("--documents", type=int, default=None, help="a generated corpus of N documents (default: the bundled one)")
@click.option("--clients", type=int, default=8, show_default=True, help="readers during the reload under traffic")
@click.option("--json", "as_json", is_flag=True)
def bench_neo4j_load(uri, repeat, runs, documents, clients, as_json):
    """Loading into Neo4j by each path: bulk import, first load, quiet reloads, a reload under read traffic."""
    from policykg.benchmarks.neo4j_load import main as run
    run((["--uri", uri] if uri else []) + ["--repeat", str(repeat), "--runs", str(runs), "--clients", str(clients)]
        + (["--documents", str(documents)] if documents else []) + (["--json"] if as_json else []))


if __name__ == "__main__":
    main()
