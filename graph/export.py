"""Export the graph for other tools: GraphML, GEXF (Gephi), CSV for ``neo4j-admin database import``, JSON.

Nodes keep their label and id (``Document:beijing``); list properties, which GraphML and
GEXF cannot hold, are written as JSON text there; the Neo4j CSV writes them as typed
arrays (``themes:string[]``, ``;``-separated), with one id space per label, since ids
repeat across labels (document ``beijing`` and jurisdiction ``beijing``).

>>> from policykg.loaders.pipeline import load_corpus
>>> from policykg.graph.build import build_graph
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "g.json"
>>> counts = export(build_graph(load_corpus()), "json", out)
>>> counts["nodes"] > 400
True
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from policykg.graph.data import GraphData

FORMATS = ("graphml", "gexf", "neo4j-csv", "json")


def _flat(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_networkx(data: GraphData, flat: bool = True) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for (label, ident), props in data.nodes.items():
        attrs = {k: (_flat(v) if flat else v) for k, v in props.items() if v is not None and k != "id"}
        g.add_node(f"{label}:{ident}", label=label, id=ident, **attrs)
    for (rel_type, src, dst), props in data.rels.items():
        attrs = {k: (_flat(v) if flat else v) for k, v in props.items() if v is not None}
        g.add_edge(f"{src[0]}:{src[1]}", f"{dst[0]}:{dst[1]}", key=rel_type, type=rel_type, **attrs)
    return g


def _csv_type(values) -> str:
    sample = [v for v in values if v is not None]
    if not sample:
        return "string"
    if all(isinstance(v, bool) for v in sample):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in sample):
        return "long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in sample):
        return "double"
    if all(isinstance(v, list) for v in sample):
        inner = [x for v in sample for x in v]
        if inner and all(isinstance(x, int) and not isinstance(x, bool) for x in inner):
            return "long[]"
        return "string[]"
    return "string"


def csv_value(value, typ: str, delimiter: str = ";") -> str:
    """A value as neo4j-admin's CSV writes it for a column of type `typ` (arrays joined by `delimiter`).

    >>> csv_value([1, 2], "long[]"), csv_value(True, "boolean"), csv_value(0.1, "double"), csv_value(None, "string")
    ('1;2', 'true', '0.1', '')
    """
    if value is None:
        return ""
    if typ.endswith("[]"):
        return delimiter.join(str(x) for x in value)
    if typ == "boolean":
        return "true" if value else "false"
    return repr(value) if typ == "double" else str(value)



def _write_neo4j_csv(data: GraphData, folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict]] = {}
    for (label, _), props in data.nodes.items():
        by_label.setdefault(label, []).append(props)
    files = {"nodes": [], "relationships": []}
    for label, rows in sorted(by_label.items()):
        keys = sorted({k for r in rows for k in r} - {"id"})
        types = {k: _csv_type([r.get(k) for r in rows]) for k in keys}
        path = folder / f"nodes_{label}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([f"id:ID({label})"] + [f"{k}:{types[k]}" for k in keys] + [":LABEL"])
            for r in rows:
                w.writerow([r["id"]] + [csv_value(r.get(k), types[k]) for k in keys] + [label])
        files["nodes"].append(path.name)
    by_kind: dict[tuple[str, str, str], list[tuple]] = {}
    for (rel_type, src, dst), props in data.rels.items():
        by_kind.setdefault((rel_type, src[0], dst[0]), []).append((src[1], dst[1], props))
    for (rel_type, sl, dl), rows in sorted(by_kind.items()):
        keys = sorted({k for _, _, p in rows for k in p})
        types = {k: _csv_type([p.get(k) for _, _, p in rows]) for k in keys}
        path = folder / f"rels_{rel_type}_{sl}_{dl}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([f":START_ID({sl})", f":END_ID({dl})"] + [f"{k}:{types[k]}" for k in keys] + [":TYPE"])
            for s, d, p in rows:
                w.writerow([s, d] + [csv_value(p.get(k), types[k]) for k in keys] + [rel_type])
        files["relationships"].append(path.name)
    command = ["neo4j-admin database import full neo4j --overwrite-destination --array-delimiter=';' --multiline-fields=true \\"]
    command += [f"  --nodes={folder.name}/{n} \\" for n in files["nodes"]]
    command += [f"  --relationships={folder.name}/{r} \\" for r in files["relationships"]]
    command[-1] = command[-1].rstrip(" \\")
    (folder / "IMPORT.txt").write_text(
        "Import into an empty Neo4j 5 database (stop the server first), from the folder above this one:\n\n"
        + "\n".join(command) + "\n", encoding="utf-8")
    return files


def export(data: GraphData, fmt: str, out: Path | str) -> dict:
    """Write the graph in a format; returns counts (and, for neo4j-csv, the files written)."""
    out = Path(out)
    if fmt not in FORMATS:
        from policykg.graph.errors import InvalidRequest
        raise InvalidRequest(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    counts = {"nodes": len(data.nodes), "relationships": len(data.rels), "path": str(out)}
    if fmt == "neo4j-csv":
        counts["files"] = _write_neo4j_csv(data, out)
        return counts
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        doc = {"nodes": [{"label": label, "id": ident, "properties": props}
                         for (label, ident), props in data.nodes.items()],
               "relationships": [{"type": t, "start": {"label": s[0], "id": s[1]}, "end": {"label": d[0], "id": d[1]},
                                  "properties": props} for (t, s, d), props in data.rels.items()]}
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "graphml":
        nx.write_graphml(to_networkx(data), out)
    else:
        nx.write_gexf(_for_gexf(to_networkx(data)), out)
    return counts


CAPTION_KEYS = ("name_zh", "label_zh", "title", "heading", "name", "number")


def _for_gexf(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GEXF takes a node's `id` attribute as its node id and `label` as its caption: move ours aside."""
    for _, attrs in g.nodes(data=True):
        attrs["node_label"] = attrs.pop("label")
        attrs["node_id"] = attrs.pop("id")
        attrs["label"] = next((str(attrs[k]) for k in CAPTION_KEYS if attrs.get(k)), attrs["node_id"])
    return g
