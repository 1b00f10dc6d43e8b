// name: clear
// Remove the previous graph (inside the load transaction: it only takes effect if the whole load commits).
MATCH (n) DETACH DELETE n

// name: merge_nodes
// One batch of nodes of one label. {label} is filled only from graph.data.LABELS.
// params: rows
UNWIND $rows AS row
MERGE (n:{label} {id: row.id})
SET n = row

// name: merge_relationships
// One batch of relationships of one type between two labels, all filled only from graph.data.SCHEMA.
// params: rows
UNWIND $rows AS row
MATCH (a:{src} {id: row.src})
MATCH (b:{dst} {id: row.dst})
MERGE (a)-[r:{type}]->(b)
SET r = row.props

// name: merge_node_one
// One node in its own transaction: the naive load that `policykg bench neo4j-throughput` compares against.
// params: row
MERGE (n:{label} {id: $row.id})
SET n = $row

// name: merge_relationship_one
// One relationship in its own transaction (naive load, for the benchmark).
// params: row
MATCH (a:{src} {id: $row.src})
MATCH (b:{dst} {id: $row.dst})
MERGE (a)-[r:{type}]->(b)
SET r = $row.props
