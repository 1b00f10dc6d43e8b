"""The graph: its model, the stores that hold it, and the named queries over it."""
