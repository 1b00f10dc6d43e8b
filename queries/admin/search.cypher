// name: search_terms
// Every provision's full-text terms (what the load counted), of the generation readers see, when
// they were counted in the scheme $scheme (terms of another version's scheme are not read).
// params: gen, scheme
MATCH (g:PolicyKGGeneration {id: 'current'})
WHERE g.current = $gen AND g.terms = $scheme
MATCH (p:Provision {gen: $gen})
WHERE p.search_terms IS NOT NULL
RETURN p.id AS id, p.search_terms AS terms

// name: fulltext
// Provisions ranked by Neo4j's full-text index over the same terms (Lucene BM25), of the
// generation readers see, when its terms were counted in the scheme $scheme (none otherwise).
// $lucene holds only quoted terms (Neo4jStore.fulltext).
// params: gen, lucene, limit, scheme
MATCH (g:PolicyKGGeneration {id: 'current'})
WHERE g.current = $gen AND g.terms = $scheme
CALL db.index.fulltext.queryNodes('provision_terms', $lucene) YIELD node, score
WHERE node.gen = $gen
RETURN node.id AS id, score
ORDER BY score DESC, id
LIMIT $limit
