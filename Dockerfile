# The policykg API. In docker-compose.yml it loads the bundled corpus into Neo4j, then serves it.
# The sources are installed as a regular (non-editable) package, as a wheel would be.
FROM python:3.11-slim
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph ./graph
COPY loaders ./loaders
COPY benchmarks ./benchmarks
COPY queries ./queries
COPY data ./data
RUN pip install --no-cache-dir . && rm -rf /src
WORKDIR /srv
EXPOSE 8000
CMD ["sh", "-c", "policykg load && policykg serve"]
