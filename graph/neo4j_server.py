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


class Stopped(PolicyKGError):
    """A stop was asked for while Neo4j was being prepared."""


def classpath(stop: threading.Event | None = None) -> str:
    """The Neo4j classpath, resolved by Maven on first use (downloads from Maven Central) and
    kept in the cache folder under the pom's hash. With `stop`, Maven is stopped when it is set."""
    import hashlib
    pom = (TOOLS / "pom.xml").read_bytes()
    work = cache_dir("neo4j", hashlib.sha256(pom).hexdigest()[:16])
    out = work / "classpath.txt"
    if not out.exists():
        (work / "pom.xml").write_bytes(pom)
        partial = work / "classpath.txt.partial"
        maven = subprocess.Popen(["mvn", "-q", "-B", "-f", str(work / "pom.xml"), "dependency:build-classpath",
                                  f"-Dmdep.outputFile={partial}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True)
        try:
            while maven.poll() is None:
                if stop is not None and stop.wait(0.2):
                    raise Stopped("stopped while Maven was resolving Neo4j")
                elif stop is None:
                    maven.wait()
        finally:
            if maven.poll() is None:
                maven.terminate()
                try:
                    maven.wait(10)
                except subprocess.TimeoutExpired:
                    maven.kill()
                    maven.wait()
        output = maven.stdout.read() if maven.stdout else ""
        if maven.returncode != 0 or not partial.exists():
            raise Neo4jLaunchError(f"Maven could not resolve Neo4j ({TOOLS / 'pom.xml'}): {output.strip()[-800:]}")
        partial.replace(out)
    return out.read_text().strip()


def browser_url(http_port: int, bolt_port: int) -> str:
    """
    >>> browser_url(7474, 7687)
    'http://127.0.0.1:7474/browser/?dbms=bolt://127.0.0.1:7687&preselectAuthMethod=NO_AUTH'
    """
    return f"http://127.0.0.1:{http_port}/browser/?dbms=bolt://127.0.0.1:{bolt_port}&preselectAuthMethod=NO_AUTH"


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
        """The Browser address that opens connected: the server's Bolt URL pre-selected, no login
        (auth is off on the bundled Neo4j)."""
        return browser_url(self.http_port, self.bolt_port)

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def command(bolt_port: int, http_port: int, data: Path, post_connect: str | None = None,
            heap: str | None = None, allow_hosts: str | None = None, stop: threading.Event | None = None) -> list[str]:
    # a reload writes in bounded transactions, so the heap no longer bounds the corpus; it serves the
    # page cache of answers and large read answers. POLICYKG_NEO4J_HEAP to change it
    heap = heap or os.environ.get("POLICYKG_NEO4J_HEAP", "4g")
    cmd = ["java", f"-Xmx{heap}", "-cp", classpath(stop), str(TOOLS / "Launcher.java"),
           "--bolt-port", str(bolt_port), "--http-port", str(http_port), "--data", str(data)]
    if post_connect:
        cmd += ["--post-connect", post_connect]
    if allow_hosts:
        cmd += ["--allow-host", allow_hosts]
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


def _die_with_parent() -> None:
    """In the child, before Java starts: the kernel stops Java if policykg itself dies (even by
    SIGKILL), so no Neo4j is ever left behind without its owner (Linux; elsewhere a no-op)."""
    try:
        import ctypes
        import signal as _signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, _signal.SIGTERM)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run(bolt_port: int, http_port: int, data: Path | str, post_connect: str | None = None,
        allow_hosts: str | None = None, echo=print, ready=None, timeout: float = 300) -> int:
    """Run Neo4j in the foreground as a service would: until SIGTERM or SIGINT, then stop Java,
    reap it and return 0; if Neo4j dies on its own (or never gets ready), return non-zero.

    The signal handlers are in place before Java starts, so a signal at any moment — during
    start-up too — stops Java; the main thread only ever waits on an event, never inside a
    wait that a handler would need to interrupt. `ready(server)` is called once Neo4j answers.
    """
    import signal

    missing = missing_tools()
    if missing:
        raise Neo4jLaunchError(f"cannot start Neo4j: {', '.join(missing)} not found on PATH")
    data = Path(data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum, _frame):
        received.append(signum)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    proc = None
    try:
        try:
            cmd = command(bolt_port, http_port, data, post_connect, allow_hosts=allow_hosts, stop=stop)
        except Stopped:
            return 0
        if received:
            return 0
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "JAVA_TOOL_OPTIONS": ""}, start_new_session=True,
                                preexec_fn=_die_with_parent)
        up = threading.Event()

        def pump():
            for line in proc.stdout:
                if READY in line:
                    up.set()
                elif echo:
                    echo(line.rstrip())
            stop.set()                       # Java's output ended: it is going or gone

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + timeout
        announced = False
        while True:
            stop.wait(0.2)
            if received:
                return 0
            if proc.poll() is not None:
                status = proc.returncode
                if echo:
                    echo(f"Neo4j exited on its own (status {status}); see {data / 'logs'}")
                return status if status else 1
            stop.clear()
            if up.is_set() and not announced:
                announced = True
                if ready:
                    ready(RunningNeo4j(proc, bolt_port, http_port, data))
            if not announced and time.monotonic() > deadline:
                if echo:
                    echo(f"Neo4j did not get ready within {timeout:.0f}s; see {data / 'logs'}")
                return 1
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        elif proc is not None:
            proc.wait()                      # reaped: no zombie
        for sig, handler in previous.items():
            signal.signal(sig, handler)
