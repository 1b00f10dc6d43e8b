// name: jurisdictions
// Every jurisdiction, national level first, with its parent and whether its name is stated or inferred.
MATCH (j:Jurisdiction {gen: $gen})
RETURN j.id AS id, j.name_zh AS name_zh, j.name_en AS name_en, j.level AS level,
       j.parent AS parent, j.name_status AS name_status, j.name_note AS name_note
ORDER BY j.level_rank, j.id

// name: jurisdiction
// One jurisdiction by id (the root's parent is null: a column, never a missing key).
// params: id
MATCH (j:Jurisdiction {gen: $gen, id: $id})
RETURN {id: j.id, name_zh: j.name_zh, name_en: j.name_en, level: j.level, parent: j.parent,
        name_status: j.name_status, name_note: j.name_note, level_rank: j.level_rank} AS jurisdiction

// name: documents
// The documents of the corpus (not those only cited), with their provision counts; a document
// the load set aside has status 'set_aside' and says why.
MATCH (d:Document {gen: $gen, in_corpus: true})
RETURN d.id AS id, d.jurisdiction AS jurisdiction, d.title AS title, d.doc_number AS doc_number,
       d.date AS date, d.issued AS issued, d.published AS published,
       d.provision_count AS provision_count, d.item_count AS item_count,
       d.status AS status, d.set_aside_reason AS set_aside_reason, d.file AS file
ORDER BY d.id

// name: document
// One document by id, in the corpus or only cited, all its properties.
// params: id
MATCH (d:Document {gen: $gen, id: $id})
RETURN properties(d) AS document

// name: document_sections
// The sections of a document in source order.
// params: id
MATCH (s:Section {gen: $gen, document: $id})
RETURN s.id AS id, s.number AS number, s.heading AS heading, s.level AS level,
       s.parent AS parent, s.span AS span, s.themes AS themes
ORDER BY s.span[0]

// name: document_citations
// What a document cites: implements (made under) and mentions, with the citing sentence.
// params: id
MATCH (:Document {gen: $gen, id: $id})-[r:IMPLEMENTS|MENTIONS]->(t:Document)
RETURN toLower(type(r)) AS relation, t.id AS target, t.title AS title, t.doc_number AS doc_number,
       t.in_corpus AS in_corpus, r.cited_title AS cited_title, r.cited_doc_number AS cited_doc_number,
       r.evidence AS evidence, r.location AS location, r.span AS span, r.provision AS provision
ORDER BY r.span[0], relation, target

// name: graph_counts
// How many nodes of each label and relationships of each type the graph holds.
CALL () {
  MATCH (n) WHERE n.gen = $gen RETURN labels(n)[0] AS name, count(*) AS count
  UNION ALL
  MATCH (a)-[r]->() WHERE a.gen = $gen RETURN type(r) AS name, count(*) AS count
}
RETURN name, count
ORDER BY name

// name: graph_nodes
// Every node with its label and all its properties: what an export or `to_networkx()` reads.
MATCH (n) WHERE n.gen = $gen
RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS properties
ORDER BY label, id

// name: graph_relationships
// Every relationship with its type, its two ends (label and id) and all its properties.
MATCH (a)-[r]->(b) WHERE a.gen = $gen
RETURN type(r) AS type, labels(a)[0] AS src_label, a.id AS src, labels(b)[0] AS dst_label, b.id AS dst,
       properties(r) AS properties
ORDER BY type, src_label, src, dst_label, dst
