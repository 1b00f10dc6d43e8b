// name: current_generation
// The generation readers see: a reload writes a new one beside it, then moves this pointer.
MATCH (g:PolicyKGGeneration {id: 'current'})
RETURN g.current AS gen

// name: generations
// The generations the database holds (a reload holds two for a moment; a crashed one can leave a third).
MATCH (n) WHERE n.gen IS NOT NULL
RETURN DISTINCT n.gen AS gen

// name: switch_generation
// Readers move to the new generation in one small transaction. $load names this load: with the
// generation number it tells two graphs apart even across a database emptied and loaded again.
// $terms names the scheme of the provisions' full-text terms (loaders/search_terms.py SCHEME).
// params: gen, load, terms
MERGE (g:PolicyKGGeneration {id: 'current'})
SET g.previous = g.current, g.current = $gen, g.load = $load, g.terms = $terms, g.switched_at = datetime()

// name: current_graph
// The generation readers see and the load that made it.
MATCH (g:PolicyKGGeneration {id: 'current'})
RETURN g.current AS gen, g.load AS load

// name: drop_generation
// Delete one generation in transactions of bounded size (run outside an explicit transaction).
// params: gen
MATCH (n) WHERE n.gen = $gen
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS

// name: drop_legacy
// Nodes written before generations existed (no gen property), dropped once a generation is current.
MATCH (n) WHERE n.gen IS NULL AND NOT n:PolicyKGGeneration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS

// name: open_transactions
// Transactions still running that started before a moment (readers that may still read an old generation).
// params: before
SHOW TRANSACTIONS YIELD transactionId, startTime, currentQuery
WHERE startTime < datetime($before) AND NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS'
RETURN count(*) AS open

// name: create_nodes
// One batch of nodes of one label into generation $gen (new nodes: CREATE, no lookup).
// {label} is filled only from graph.data.LABELS.
// params: rows, gen
UNWIND $rows AS row
CREATE (n:{label})
SET n = row, n.gen = $gen

// name: create_relationships
// One batch of relationships of one type between two labels of generation $gen, all identifiers
// filled only from graph.data.SCHEMA.
// params: rows, gen
UNWIND $rows AS row
MATCH (a:{src} {gen: $gen, id: row.src})
MATCH (b:{dst} {gen: $gen, id: row.dst})
CREATE (a)-[r:{type}]->(b)
SET r = row.props

// name: merge_node_one
// One node in its own transaction: the naive load that `policykg bench neo4j-throughput` compares against.
// params: row, gen
MERGE (n:{label} {gen: $gen, id: $row.id})
SET n = $row, n.gen = $gen

// name: merge_relationship_one
// One relationship in its own transaction (naive load, for the benchmark).
// params: row, gen
MATCH (a:{src} {gen: $gen, id: $row.src})
MATCH (b:{dst} {gen: $gen, id: $row.dst})
MERGE (a)-[r:{type}]->(b)
SET r = $row.props

// name: set_node_properties
// Properties a bulk import's CSV cannot carry (empty lists, empty strings, values of mixed types),
// set after it on the nodes of one label of generation $gen. {label} only from graph.data.LABELS.
// params: rows, gen
UNWIND $rows AS row
MATCH (n:{label} {gen: $gen, id: row.id})
SET n += row.props

// name: set_relationship_properties
// The same for relationships of one type between two labels.
// params: rows, gen
UNWIND $rows AS row
MATCH (a:{src} {gen: $gen, id: row.src})-[r:{type}]->(b:{dst} {gen: $gen, id: row.dst})
SET r += row.props

// name: await_indexes
// Until every index (constraints' too) is online: a bulk-imported database is indexed after the import.
CALL db.awaitIndexes(600)

// name: count_nodes
// Nodes of every kind, bookkeeping included: whether a database is empty.
MATCH (n) RETURN count(n) AS nodes
