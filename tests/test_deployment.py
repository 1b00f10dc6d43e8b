"""docker-compose.yml and the Dockerfile, checked as far as is possible without a Docker engine."""
import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from policykg.cli import main

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_compose_runs_neo4j_526_community_with_a_volume_and_a_health_check():
    neo4j = COMPOSE["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert any(v.endswith(":/data") for v in neo4j["volumes"]) and "neo4j-data" in COMPOSE["volumes"]
    assert neo4j["healthcheck"]["test"]
    assert "post__connect__cmd" in " ".join(neo4j["environment"])


def test_compose_credentials_come_from_the_environment_with_no_default():
    for service in COMPOSE["services"].values():
        for key, value in service.get("environment", {}).items():
            if "PASSWORD" in key or key == "NEO4J_AUTH":
                assert "${NEO4J_PASSWORD:?" in value, (key, value)


def test_the_api_service_loads_into_neo4j_and_serves_it():
    api = COMPOSE["services"]["api"]
    assert api["build"] == "." and api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert env["POLICYKG_BACKEND"] == "neo4j" and env["POLICYKG_NEO4J_URI"].startswith("bolt://neo4j:")


def test_the_dockerfile_installs_and_runs_what_the_readme_and_tests_run():
    assert "pip install --no-cache-dir . " in DOCKERFILE
    cmd = re.search(r'CMD \["sh", "-c", "(.*)"\]', DOCKERFILE).group(1)
    assert cmd == "policykg load && policykg serve"
    commands = main.list_commands(None)
    for part in cmd.split("&&"):
        assert part.split()[1] in commands
    for path in re.findall(r"^COPY (\S+) ", DOCKERFILE, re.M):
        assert (ROOT / path).exists(), path


def test_policykg_load_as_the_container_runs_it():
    result = CliRunner().invoke(main, ["load"], env={"POLICYKG_BACKEND": "networkx"})
    assert result.exit_code == 0 and "hanyang" in result.output
