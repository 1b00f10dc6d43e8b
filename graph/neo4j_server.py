"""Start a real Neo4j without Docker, from Maven Central artifacts.

``neo4j/pom.xml`` (package data of ``policykg.graph``) names Neo4j 5.26 community and Neo4j
Browser; Maven resolves them once into a classpath file in policykg's cache folder (keyed by the
pom's content, so an installed wheel needs no write access to itself), and ``neo4j/Launcher.java`` (a single-file Java
program) starts the server on 127.0.0.1 with Bolt and HTTP on the ports given, data in
the folder given, auth off for local use.

>>> available() in (True, False)
True
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from policykg.graph.errors import PolicyKGError
from policykg.graph.resources import cache_dir, package_dir

TOOLS = package_dir("policykg.graph") / "neo4j"
READY = "policykg-neo4j ready"


class Neo4jLaunchError(PolicyKGError):
    """The bundled Neo4j could not be prepared or started."""


def available() -> bool:
    """Whether Java and Maven are there to start the bundled Neo4j."""
    return shutil.which("java") is not None and shutil.which("mvn") is not None


def missing_tools() -> list[str]:
    return [t for t in ("java", "mvn") if shutil.which(t) is None]


def classpath() -> str:
    """The Neo4j classpath, resolved by Maven on first use (downloads from Maven Central) and
    kept in the cache folder under the pom's hash."""
    import hashlib
    pom = (TOOLS / "pom.xml").read_bytes()
    work = cache_dir("neo4j", hashlib.sha256(pom).hexdigest()[:16])
    out = work / "classpath.txt"
    if not out.exists():
        (work / "pom.xml").write_bytes(pom)
        result = subprocess.run(["mvn", "-q", "-B", "-f", str(work / "pom.xml"), "dependency:build-classpath",
                                 f"-Dmdep.outputFile={out}"], capture_output=True, text=True)
        if result.returncode != 0 or not out.exists():
            raise Neo4jLaunchError(f"Maven could not resolve Neo4j ({TOOLS / 'pom.xml'}): "
                                   f"{(result.stdout + result.stderr).strip()[-800:]}")
    return out.read_text().strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningNeo4j:
    process: subprocess.Popen
    bolt_port: int
    http_port: int
    data: Path

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def command(bolt_port: int, http_port: int, data: Path, post_connect: str | None = None,
            heap: str | None = None) -> list[str]:
    # the load writes the whole graph in one transaction, so the heap bounds the corpus size:
    # 4 GiB holds a 3,000-document corpus (≈700k rows); POLICYKG_NEO4J_HEAP to change it
    heap = heap or os.environ.get("POLICYKG_NEO4J_HEAP", "4g")
    cmd = ["java", f"-Xmx{heap}", "-cp", classpath(), str(TOOLS / "Launcher.java"),
           "--bolt-port", str(bolt_port), "--http-port", str(http_port), "--data", str(data)]
    if post_connect:
        cmd += ["--post-connect", post_connect]
    return cmd


def start(bolt_port: int | None = None, http_port: int | None = None, data: Path | str = "var/neo4j",
          post_connect: str | None = None, timeout: float = 180, echo=None) -> RunningNeo4j:
    """Start Neo4j in the background and wait until it answers. `echo` gets each output line."""
    missing = missing_tools()
    if missing:
        raise Neo4jLaunchError(f"cannot start Neo4j: {', '.join(missing)} not found on PATH")
    bolt_port = bolt_port or free_port()
    http_port = http_port or free_port()
    data = Path(data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(command(bolt_port, http_port, data, post_connect), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "JAVA_TOOL_OPTIONS": ""})
    lines: list[str] = []
    ready = threading.Event()

    def pump():
        for line in proc.stdout:
            lines.append(line.rstrip())
            if echo:
                echo(line.rstrip())
            if READY in line:
                ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.5):
        if time.monotonic() > deadline:
            proc.kill()
            raise Neo4jLaunchError(f"Neo4j did not start within {timeout:.0f}s; last output: {lines[-5:]}")
    if proc.poll() is not None or not any(READY in l for l in lines):
        raise Neo4jLaunchError(f"Neo4j exited during start-up (status {proc.poll()}); last output: {lines[-8:]}")
    return RunningNeo4j(proc, bolt_port, http_port, data)
