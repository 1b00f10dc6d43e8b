// name: responsibilities
// Who must do what by when: one row per responsible agency of a provision and per measure the
// provision adopts (measure null for a provision that adopts none). Each parameter, when not null,
// keeps only rows that match it: a measure id, a theme of the provision, a jurisdiction id, an agency
// type, a role (lead | support | responsible), and $due_before, an ISO date that keeps provisions
// whose dated deadline falls on or before it.
// params: measure, theme, jurisdiction, agency_type, role, due_before
MATCH (ag:Agency {gen: $gen})-[r:RESPONSIBLE_FOR]->(p:Provision)
WHERE ($jurisdiction IS NULL OR p.jurisdiction = $jurisdiction)
  AND ($agency_type IS NULL OR ag.type = $agency_type)
  AND ($role IS NULL OR r.role = $role)
  AND ($theme IS NULL OR $theme IN p.themes)
  AND ($due_before IS NULL OR p.deadline_due <= $due_before)
OPTIONAL MATCH (p)-[:ADOPTS]->(m:Measure)
WITH ag, r, p, m
WHERE $measure IS NULL OR m.id = $measure
MATCH (d:Document {gen: $gen, id: p.document})
MATCH (j:Jurisdiction {gen: $gen, id: p.jurisdiction})
RETURN p.jurisdiction AS jurisdiction, j.name_zh AS jurisdiction_name, j.level AS level,
       p.document AS document, d.title AS document_title, d.doc_number AS doc_number,
       p.id AS provision, p.ordinal AS ordinal, p.number AS number, p.heading AS heading, p.text AS text,
       p.span AS span, m.id AS measure, m.label_zh AS measure_label_zh, m.label_en AS measure_label_en,
       ag.name AS agency, ag.type AS agency_type, r.role AS role,
       p.deadline_text AS deadline_text, p.deadline_kind AS deadline_kind, p.deadline_due AS deadline_due,
       p.deadline_recurrence AS deadline_recurrence, p.deadline_month AS deadline_month,
       p.deadline_ongoing AS deadline_ongoing
ORDER BY j.level_rank, jurisdiction, document, ordinal, measure, r.ord
