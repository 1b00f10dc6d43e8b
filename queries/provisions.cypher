// name: document_provisions
// The provisions of a document in source order, each with its responsible agencies (in the order named).
// params: id
MATCH (p:Provision {gen: $gen, document: $id})
OPTIONAL MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(p)
WITH p, a, r ORDER BY r.ord
WITH p, collect(CASE WHEN a IS NULL THEN null ELSE {name: a.name, type: a.type, role: r.role} END) AS agencies
RETURN p.id AS id, p.document AS document, p.jurisdiction AS jurisdiction, p.ordinal AS ordinal,
       p.number AS number, p.heading AS heading, p.text AS text, p.kind AS kind, p.span AS span,
       p.section AS section, p.themes AS themes, agencies,
       p.deadline_text AS deadline_text, p.deadline_kind AS deadline_kind, p.deadline_due AS deadline_due,
       p.deadline_recurrence AS deadline_recurrence, p.deadline_month AS deadline_month,
       p.deadline_ongoing AS deadline_ongoing, p.quantities_json AS quantities_json,
       p.frequencies_json AS frequencies_json
ORDER BY p.ordinal

// name: provision
// One provision by id, with its responsible agencies.
// params: id
MATCH (p:Provision {gen: $gen, id: $id})
OPTIONAL MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(p)
WITH p, a, r ORDER BY r.ord
WITH p, collect(CASE WHEN a IS NULL THEN null ELSE {name: a.name, type: a.type, role: r.role} END) AS agencies
RETURN p.id AS id, p.document AS document, p.jurisdiction AS jurisdiction, p.ordinal AS ordinal,
       p.number AS number, p.heading AS heading, p.text AS text, p.kind AS kind, p.span AS span,
       p.section AS section, p.themes AS themes, agencies,
       p.deadline_text AS deadline_text, p.deadline_kind AS deadline_kind, p.deadline_due AS deadline_due,
       p.deadline_recurrence AS deadline_recurrence, p.deadline_month AS deadline_month,
       p.deadline_ongoing AS deadline_ongoing, p.quantities_json AS quantities_json,
       p.frequencies_json AS frequencies_json

// name: agencies
// Every agency named responsible in the corpus, with its normalised type and the provisions it answers for.
MATCH (a:Agency {gen: $gen})-[r:RESPONSIBLE_FOR]->(p:Provision)
MATCH (a)-[:OF_TYPE]->(t:AgencyType)
WITH a, t, p, r ORDER BY p.document, p.ordinal
RETURN a.id AS id, a.name AS name, a.type AS type, t.label_en AS type_label, a.jurisdiction AS jurisdiction,
       collect({id: p.id, document: p.document, number: p.number, role: r.role}) AS provisions
ORDER BY a.jurisdiction, a.name

// name: jurisdiction_agencies
// The agencies named responsible in one jurisdiction's documents (looked up through the index on Agency.jurisdiction).
// params: jurisdiction
MATCH (a:Agency {gen: $gen, jurisdiction: $jurisdiction})-[r:RESPONSIBLE_FOR]->(p:Provision)
MATCH (a)-[:OF_TYPE]->(t:AgencyType)
WITH a, t, p, r ORDER BY p.document, p.ordinal
RETURN a.id AS id, a.name AS name, a.type AS type, t.label_en AS type_label, a.jurisdiction AS jurisdiction,
       collect({id: p.id, document: p.document, number: p.number, role: r.role}) AS provisions
ORDER BY a.jurisdiction, a.name
