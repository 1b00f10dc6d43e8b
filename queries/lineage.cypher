// name: lineage_ancestors
// The documents a document implements or derives its wording from, up to 8 steps up, one row per path;
// `relation` is that of the step that reaches the ancestor.
// params: id
MATCH path = (:Document {gen: $gen, id: $id})-[:IMPLEMENTS|DERIVED_FROM*1..8]->(a:Document)
// a path visits no document twice: a document is never its own ancestor, even where edges form a cycle
WHERE all(i IN range(0, length(path) - 1) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
WITH a, path, last(relationships(path)) AS r
RETURN a.id AS id, a.title AS title, a.doc_number AS doc_number, a.issuer AS issuer, a.level AS level,
       a.jurisdiction AS jurisdiction, a.in_corpus AS in_corpus,
       CASE type(r) WHEN 'IMPLEMENTS' THEN 'implements' ELSE 'derived' END AS relation,
       length(path) AS depth, [n IN nodes(path) | n.id] AS path, r.evidence AS evidence
ORDER BY depth, id, path, relation

// name: lineage_descendants
// The documents that implement a document or derive their wording from it, up to 8 steps down.
// params: id
MATCH path = (:Document {gen: $gen, id: $id})<-[:IMPLEMENTS|DERIVED_FROM*1..8]-(a:Document)
// a path visits no document twice: a document is never its own ancestor, even where edges form a cycle
WHERE all(i IN range(0, length(path) - 1) WHERE NOT nodes(path)[i] IN nodes(path)[i + 1..])
WITH a, path, last(relationships(path)) AS r
RETURN a.id AS id, a.title AS title, a.doc_number AS doc_number, a.issuer AS issuer, a.level AS level,
       a.jurisdiction AS jurisdiction, a.in_corpus AS in_corpus,
       CASE type(r) WHEN 'IMPLEMENTS' THEN 'implements' ELSE 'derived' END AS relation,
       length(path) AS depth, [n IN nodes(path) | n.id] AS path, r.evidence AS evidence
ORDER BY depth, id, path, relation

// name: provision_derived_from
// The provisions a provision took wording from, with the aligned spans in both files (flattened start, end pairs).
// params: id
MATCH (:Provision {gen: $gen, id: $id})-[r:DERIVED_FROM]->(q:Provision)
RETURN q.id AS id, q.document AS document, q.jurisdiction AS jurisdiction, q.number AS number, q.text AS text,
       r.score AS score, r.aligned_chars AS aligned_chars, r.passages AS passages,
       r.source_spans AS source_spans, r.target_spans AS target_spans
ORDER BY score DESC, id

// name: provision_derived_into
// The provisions that took wording from this provision.
// params: id
MATCH (:Provision {gen: $gen, id: $id})<-[r:DERIVED_FROM]-(q:Provision)
RETURN q.id AS id, q.document AS document, q.jurisdiction AS jurisdiction, q.number AS number, q.text AS text,
       r.score AS score, r.aligned_chars AS aligned_chars, r.passages AS passages,
       r.source_spans AS source_spans, r.target_spans AS target_spans
ORDER BY score DESC, id

// name: jurisdiction_documents
// The corpus documents issued in a jurisdiction.
// params: jurisdiction
MATCH (d:Document {in_corpus: true})-[:ISSUED_IN]->(:Jurisdiction {gen: $gen, id: $jurisdiction})
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number
ORDER BY id

// name: document_reuse
// Every alignment from a document's provisions to the provisions they took wording from.
// params: id
MATCH (p:Provision {gen: $gen, document: $id})-[r:DERIVED_FROM]->(q:Provision)
RETURN p.id AS provision, p.number AS number, p.text AS text, p.span AS span,
       q.id AS source, q.document AS source_document, q.number AS source_number, q.text AS source_text,
       q.span AS source_span, r.score AS score, r.passages AS passages,
       r.source_spans AS provision_spans, r.target_spans AS source_spans,
       r.source_ranges AS provision_ranges, r.target_ranges AS source_ranges
ORDER BY p.ordinal, score DESC, source
