"""The graph model: stable ids, the schema, cited documents, and the query catalogue."""
import pytest

from policykg.graph.build import build_graph
from policykg.graph.catalog import load_catalog, parse_catalog_text
from policykg.graph.data import SCHEMA
from policykg.graph.errors import QueryError
from policykg.graph.nx_queries import TWINS, check_twins
from policykg.loaders.pipeline import load_corpus


def test_loading_twice_gives_the_same_ids_and_counts():
    a, b = build_graph(load_corpus()), build_graph(load_corpus())
    assert set(a.nodes) == set(b.nodes)
    assert set(a.rels) == set(b.rels)
    assert a.counts() == b.counts()


def test_every_relationship_follows_the_schema(corpus):
    g = build_graph(corpus)
    for rel_type, src, dst in g.rels:
        assert (src[0], dst[0]) in SCHEMA[rel_type]
        assert src in g.nodes and dst in g.nodes, (rel_type, src, dst)


def test_node_counts_on_the_corpus(corpus):
    counts = build_graph(corpus).counts()
    assert counts["Jurisdiction"] == 9
    assert counts["Provision"] == sum(len(d.provisions) for d in corpus.documents)
    assert counts["Theme"] == 10
    g = build_graph(corpus)
    issued_in = {src[1]: dst[1] for (t, src, dst) in g.rels if t == "ISSUED_IN"}
    assert {d.id: issued_in[d.id] for d in corpus.documents} == {d.id: d.jurisdiction for d in corpus.documents}
    # cited documents whose jurisdiction is known are issued in it too
    assert issued_in["cited:豫办〔2020〕21号"] == "henan" and issued_in["cited:中发〔2021〕32号"] == "china"


def test_cited_documents_are_nodes_with_their_document_numbers(nx_service):
    view = nx_service.store.view
    cited = {d["doc_number"]: d for d in view.nodes("Document") if not d["in_corpus"] and d["doc_number"]}
    assert set(cited) == {"豫办〔2020〕21号", "武知战办〔2023〕4号", "武办发〔2020〕16号", "中发〔2021〕32号", "国发〔2021〕20号"}
    implemented_by_luolong = {t["id"] for _, t, _ in view.out("Document", "luolong", "IMPLEMENTS")}
    assert implemented_by_luolong == {"cited:中发〔2021〕32号", "cited:国发〔2021〕20号",
                                      "cited:洛阳市国家知识产权强市建设试点城市工作方案(2022-2025年)"}
    evidence = [r["evidence"] for _, _, r in view.out("Document", "luolong", "IMPLEMENTS")]
    assert all("贯彻落实" in e for e in evidence)


def test_a_mentioned_regulation_is_no_parent(nx_service):
    view = nx_service.store.view
    implements = {t["title"] for _, t, _ in view.out("Document", "hanyang", "IMPLEMENTS")}
    mentions = {t["title"] for _, t, _ in view.out("Document", "hanyang", "MENTIONS")}
    assert "武汉市知识产权促进和保护条例" in mentions and "武汉市知识产权促进和保护条例" not in implements


def test_every_named_query_has_a_twin_with_the_same_parameters():
    catalog = load_catalog()
    check_twins(catalog)
    assert set(catalog) == set(TWINS)


@pytest.mark.parametrize("text,problem", [
    ("// name: a\nMATCH (n {gen: $gen}) RETURN n\n// name: a\nMATCH (m {gen: $gen}) RETURN m\n",
     "duplicate query name 'a'"),
    ("// name: empty\n// says nothing\n", "is empty"),
    ("// name: p\n// params: id\nMATCH (n {gen: $gen, id: $other}) RETURN n\n",
     "declares params ['id'] but uses ['other']"),
    # a read query that would see every generation Neo4j holds during a reload
    ("// name: everything\nMATCH (n) RETURN n\n", "does not restrict its patterns to the current generation"),
    ("MATCH (n) RETURN n\n", "before the first"),
    ("// name:\nMATCH (n) RETURN n\n", "without a name"),
])
def test_the_catalogue_refuses_malformed_files_naming_file_and_line(tmp_path, text, problem):
    (tmp_path / "bad.cypher").write_text(text, encoding="utf-8")
    with pytest.raises(QueryError) as err:
        load_catalog.__wrapped__(tmp_path)
    assert problem in str(err.value) and "bad.cypher:" in str(err.value)


def test_parameters_are_read_from_the_query_not_its_comments():
    q = parse_catalog_text("// name: x\n// uses $nothing in prose\nMATCH (n {id: $id}) RETURN n\n", "f")[0]
    assert q.params == ("id",)


def test_a_query_with_wrong_parameters_is_refused(nx_service):
    with pytest.raises(QueryError, match="takes parameters"):
        nx_service.store.query("document", ident="x")
    with pytest.raises(QueryError, match="Unknown query"):
        nx_service.store.query("drop_everything")


def _cited_titles(tmp_path, order):
    from helpers import MANIFEST_HEAD, write_corpus
    texts = {
        "trad.txt": "关于某某的方案\n一、严保护\n（一）为贯彻落实《知識產權強國建設綱要》，落实惩罚性赔偿制度。\n",
        "simp.txt": "关于另一事项的方案\n一、严保护\n（一）为贯彻落实《知识产权强国建设纲要》，加强行政执法。\n",
        "trad2.txt": "关于第三事项的方案\n一、严保护\n（一）根据《知識產權強國建設綱要》，建设保护中心。\n",
    }
    manifest = MANIFEST_HEAD + "".join(f'\n[[documents]]\nfile = "{n}"\njurisdiction = "prov"\n' for n in order)
    folder = write_corpus(tmp_path / "-".join(order), {n: texts[n] for n in order}, manifest)
    g = build_graph(load_corpus(folder))
    cited = {k[1]: v["title"] for k, v in g.nodes.items() if k[0] == "Document" and not v["in_corpus"]}
    as_written = {rel[1][1]: props["cited_title"] for rel, props in g.rels.items()
                  if rel[0] in ("IMPLEMENTS", "MENTIONS") and rel[2][1] in cited}
    return cited, as_written


def test_a_cited_title_is_shown_the_same_whatever_the_manifest_order(tmp_path):
    """The node shows the simplified spelling, even when traditional is the more frequent, in either
    order of documents; each citing edge keeps the title as its own document wrote it."""
    first, written = _cited_titles(tmp_path, ["trad.txt", "simp.txt"])
    second, _ = _cited_titles(tmp_path, ["simp.txt", "trad.txt"])
    assert first == second and list(first.values()) == ["知识产权强国建设纲要"]
    assert set(written.values()) == {"知识产权强国建设纲要", "知識產權強國建設綱要"}
    majority, _ = _cited_titles(tmp_path, ["simp.txt", "trad.txt", "trad2.txt"])
    assert list(majority.values()) == ["知识产权强国建设纲要"]


def test_the_networkx_view_is_the_graph_add_edge_would_make(corpus):
    import networkx as nx
    from policykg.graph.build import build_graph
    from policykg.graph.nx_store import multidigraph
    data = build_graph(corpus)
    data.rels[("ISSUED_IN", ("Document", "ghost"), ("Jurisdiction", "beijing"))] = {}   # an end never added
    slow = nx.MultiDiGraph()
    for key, props in data.nodes.items():
        slow.add_node(key, **props)
    for (rel_type, src, dst), props in data.rels.items():
        slow.add_edge(src, dst, key=rel_type, **props)
    fast = multidigraph(data)
    assert nx.utils.graphs_equal(fast, slow)
    assert sorted(fast.in_edges(("Jurisdiction", "beijing"), keys=True)) == sorted(slow.in_edges(("Jurisdiction", "beijing"), keys=True))
    assert fast.number_of_edges() == len(data.rels) > 1000
