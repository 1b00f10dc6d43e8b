// name: drop_legacy_id_constraint
// Before generations, ids were unique per label alone; two generations now hold the same ids.
DROP CONSTRAINT {label}_id IF EXISTS

// name: id_constraint
// One node per id, label and generation. {label} is filled only from graph.data.LABELS.
CREATE CONSTRAINT {label}_gen_id IF NOT EXISTS FOR (n:{label}) REQUIRE (n.gen, n.id) IS UNIQUE

// name: generation_constraint
CREATE CONSTRAINT generation_id IF NOT EXISTS FOR (g:PolicyKGGeneration) REQUIRE g.id IS UNIQUE

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

// name: provision_terms_index
// Full-text search over each provision's terms as policykg counts them (character bigrams, the
// scheme the generation node names; whitespace-separated): Lucene's BM25 over the same terms as
// the API's own index.
CREATE FULLTEXT INDEX provision_terms IF NOT EXISTS FOR (p:Provision) ON EACH [p.search_terms]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}
