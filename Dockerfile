# The policykg API. In docker-compose.yml it loads the bundled corpus into Neo4j, then serves it.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph ./graph
COPY loaders ./loaders
COPY benchmarks ./benchmarks
COPY queries ./queries
COPY data ./data
COPY tools/neo4j/browser ./tools/neo4j/browser
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["sh", "-c", "policykg load && policykg serve"]
