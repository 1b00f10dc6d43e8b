// name: measures
// Every measure of the codebook with how many jurisdictions and provisions adopt it.
MATCH (m:Measure {gen: $gen})
OPTIONAL MATCH (p:Provision)-[:ADOPTS]->(m)
RETURN m.id AS id, m.label_zh AS label_zh, m.label_en AS label_en, m.definition AS definition,
       m.themes AS themes, count(DISTINCT p.jurisdiction) AS adopter_count, count(p) AS provision_count
ORDER BY m.id

// name: measure
// One measure by id.
// params: id
MATCH (m:Measure {gen: $gen, id: $id})
RETURN m.id AS id, m.label_zh AS label_zh, m.label_en AS label_en, m.definition AS definition, m.themes AS themes

// name: adopters
// The provisions adopting any of the given measures, with the jurisdiction and the matched wording.
// A jurisdiction adopts a measure exactly when one of its provisions is tagged with it.
// params: measures
MATCH (p:Provision)-[a:ADOPTS]->(m:Measure {gen: $gen})
WHERE m.id IN $measures
MATCH (j:Jurisdiction {gen: $gen, id: p.jurisdiction})
RETURN m.id AS measure, j.id AS jurisdiction, j.name_zh AS name_zh, j.name_en AS name_en,
       j.name_status AS name_status, j.level_rank AS level_rank,
       p.id AS id, p.document AS document, p.ordinal AS ordinal, p.number AS number, p.heading AS heading,
       p.text AS text, p.span AS span, a.matched AS matched, a.span AS match_span
ORDER BY level_rank, jurisdiction, document, ordinal, measure

// name: jurisdiction_measures
// The measures a jurisdiction's provisions adopt, each with those provisions.
// params: jurisdiction
MATCH (p:Provision {gen: $gen, jurisdiction: $jurisdiction})-[a:ADOPTS]->(m:Measure)
WITH m, p, a ORDER BY p.document, p.ordinal
RETURN m.id AS id, m.label_zh AS label_zh, m.label_en AS label_en, m.themes AS themes,
       collect({id: p.id, document: p.document, number: p.number, text: p.text, matched: a.matched,
                span: a.span}) AS provisions
ORDER BY id

// name: compare
// For two or more jurisdictions: each measure any of them adopts, per jurisdiction, with the provisions
// and what two adopters can differ on: each provision's agencies (in the order named, with roles),
// deadline, quantities and frequencies (JSON), and how strongly it adopts (operative or listed);
// restricted to measures of a theme when $theme is not null.
// params: jurisdictions, theme
MATCH (p:Provision)-[a:ADOPTS]->(m:Measure {gen: $gen})
WHERE p.jurisdiction IN $jurisdictions AND ($theme IS NULL OR $theme IN m.themes)
WITH m, p, a, COLLECT { MATCH (ag:Agency)-[r:RESPONSIBLE_FOR]->(p) WITH ag, r ORDER BY r.ord
                        RETURN {name: ag.name, type: ag.type, role: r.role} } AS agencies
ORDER BY p.document, p.ordinal
RETURN m.id AS measure, m.label_zh AS label_zh, m.label_en AS label_en, m.themes AS themes,
       p.jurisdiction AS jurisdiction,
       collect({id: p.id, document: p.document, number: p.number, heading: p.heading, text: p.text,
                matched: a.matched, span: a.span, strength: a.strength, agencies: agencies,
                deadline_kind: p.deadline_kind, deadline_due: p.deadline_due, deadline_text: p.deadline_text,
                quantities_json: p.quantities_json, frequencies_json: p.frequencies_json}) AS provisions
ORDER BY measure, jurisdiction

// name: coverage_matrix
// Measures × jurisdictions: how many provisions of each jurisdiction adopt each measure (zero cells omitted).
MATCH (p:Provision)-[:ADOPTS]->(m:Measure {gen: $gen})
RETURN m.id AS measure, p.jurisdiction AS jurisdiction, count(p) AS count
ORDER BY measure, jurisdiction

// name: measure_agencies
// Agencies responsible, in each jurisdiction, for provisions adopting a measure ($measure) or carrying
// a theme ($theme); either may be null.
// params: measure, theme
MATCH (ag:Agency {gen: $gen})-[r:RESPONSIBLE_FOR]->(p:Provision)
WHERE ($theme IS NULL OR $theme IN p.themes)
  AND ($measure IS NULL OR EXISTS { MATCH (p)-[:ADOPTS]->(:Measure {id: $measure}) })
WITH ag, r, p ORDER BY p.document, p.ordinal
RETURN ag.jurisdiction AS jurisdiction, ag.name AS agency, ag.type AS type,
       collect({id: p.id, number: p.number, role: r.role}) AS provisions
ORDER BY jurisdiction, agency

// name: similar_provisions
// Provisions of other jurisdictions that adopt measures this provision adopts, scored by the
// Jaccard overlap of their measure sets.
// params: id
MATCH (p:Provision {gen: $gen, id: $id})-[:ADOPTS]->(m:Measure)<-[:ADOPTS]-(q:Provision)
WHERE q.jurisdiction <> p.jurisdiction
WITH p, q, collect(m.id) AS shared
WITH p, q, shared, COUNT { (p)-[:ADOPTS]->(:Measure) } AS own, COUNT { (q)-[:ADOPTS]->(:Measure) } AS other
WITH q, [x IN shared | x] AS shared, toFloat(size(shared)) / (own + other - size(shared)) AS score
UNWIND shared AS s
WITH q, score, s ORDER BY s
RETURN q.id AS id, q.document AS document, q.jurisdiction AS jurisdiction, q.number AS number,
       q.heading AS heading, q.text AS text, q.span AS span, collect(s) AS shared_measures, score
ORDER BY score DESC, id

// name: all_provisions
// Every provision's text, for the full-text index.
MATCH (p:Provision {gen: $gen})
RETURN p.id AS id, p.document AS document, p.jurisdiction AS jurisdiction, p.number AS number,
       p.heading AS heading, p.text AS text, p.kind AS kind, p.span AS span
ORDER BY p.document, p.ordinal

// name: document_measures
// The measures a document's provisions adopt, each with those provisions in source order.
// params: id
MATCH (p:Provision {gen: $gen, document: $id})-[a:ADOPTS]->(m:Measure)
WITH m, p, a ORDER BY p.ordinal
RETURN m.id AS id, m.label_zh AS label_zh, m.label_en AS label_en, m.themes AS themes,
       collect({id: p.id, number: p.number, matched: a.matched, span: a.span}) AS provisions
ORDER BY id

// name: measure_timeline
// For one measure: every document whose provisions adopt it, with its jurisdiction, level and
// dates (issued, published), and those provisions in source order; earliest dated first, the
// undated after them.
// params: id
MATCH (p:Provision)-[:ADOPTS]->(m:Measure {gen: $gen, id: $id})
MATCH (d:Document {gen: $gen, id: p.document})
MATCH (j:Jurisdiction {gen: $gen, id: p.jurisdiction})
WITH j, d, p ORDER BY p.ordinal
WITH j, d, collect({id: p.id, number: p.number}) AS provisions
RETURN j.id AS jurisdiction, j.name_zh AS name_zh, j.name_en AS name_en, j.level AS level,
       j.level_rank AS level_rank, d.id AS document, d.title AS title, d.doc_number AS doc_number,
       d.issued AS issued, d.published AS published, d.date AS date, provisions
ORDER BY date, level_rank, jurisdiction, document
