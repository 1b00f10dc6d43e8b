"""When Neo4j does not answer, the API says so: 503 with a message, and health names the store."""
from fastapi.testclient import TestClient

from policykg.main import create_app
from policykg.service import PolicyService
from policykg.settings import Settings
from policykg.graph.neo4j_server import free_port
from policykg.graph.neo4j_store import Neo4jStore


def test_unreachable_neo4j_gives_503_with_a_message_and_health_says_so():
    uri = f"bolt://127.0.0.1:{free_port()}"      # nothing listens there
    service = PolicyService(Neo4jStore(uri))
    with service.store.driver, TestClient(create_app(Settings(backend="neo4j", neo4j_uri=uri), service)) as client:
        health = client.get("/api/health")
        assert health.status_code == 503
        assert health.json()["store"] == "neo4j" and health.json()["store_answers"] is False
        r = client.get("/api/documents")
        assert r.status_code == 503
        assert r.json()["error"] == "store_unavailable" and "does not answer" in r.json()["message"]
        assert uri in r.json()["message"]


def test_credentials_never_appear_in_health_or_errors():
    uri = f"bolt://127.0.0.1:{free_port()}"
    service = PolicyService(Neo4jStore(uri, "neo4j", "s3cret-pass"))
    with service.store.driver, TestClient(create_app(Settings(backend="neo4j", neo4j_uri=uri, neo4j_password="s3cret-pass"), service)) as c:
        for url in ("/api/health", "/api/documents", "/api/measures"):
            assert "s3cret-pass" not in c.get(url).text
