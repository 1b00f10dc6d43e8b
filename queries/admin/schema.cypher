// name: id_constraint
// One node per id and label. {label} is filled only from graph.data.LABELS.
CREATE CONSTRAINT {label}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE

// name: provision_document_index
// Provisions are looked up by document and by jurisdiction.
CREATE INDEX provision_document IF NOT EXISTS FOR (p:Provision) ON (p.document)

// name: provision_jurisdiction_index
CREATE INDEX provision_jurisdiction IF NOT EXISTS FOR (p:Provision) ON (p.jurisdiction)

// name: section_document_index
CREATE INDEX section_document IF NOT EXISTS FOR (s:Section) ON (s.document)

// name: agency_jurisdiction_index
CREATE INDEX agency_jurisdiction IF NOT EXISTS FOR (a:Agency) ON (a.jurisdiction)

// name: provision_fulltext_index
// Full-text search over provision text with the CJK analyzer (bigrams), for Neo4j Browser users.
CREATE FULLTEXT INDEX provision_text IF NOT EXISTS FOR (p:Provision) ON EACH [p.text, p.heading]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}
