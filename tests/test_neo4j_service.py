"""`policykg neo4j start` behaves like a service, tested by signalling a real process running a
real Neo4j: SIGTERM and SIGINT stop it promptly with Java stopped and reaped, at any moment
(start-up included); Neo4j dying on its own makes it exit non-zero; the Browser address it
prints opens connected, and plays the guide the API serves at its real host and port."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import CHROMIUM, TOOLS, _neo4j_unavailable, serving
from policykg.graph import neo4j_server
from policykg.main import create_app
from policykg.settings import Settings



@pytest.fixture(scope="module")
def java_ready():
    missing = neo4j_server.missing_tools()
    if missing:
        _neo4j_unavailable(f"{', '.join(missing)} not found")
    neo4j_server.classpath()          # resolved once, so that start-up below is only Neo4j's


class Service:
    """`policykg neo4j start` as a child process, its output collected."""

    def __init__(self, tmp_path, env=None):
        self.bolt, self.http = neo4j_server.free_port(), neo4j_server.free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policykg", "neo4j", "start", "--bolt-port", str(self.bolt), "--http-port",
             str(self.http), "--data", str(tmp_path / "neo4j")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env={**os.environ, **(env or {})})
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())
            if "Neo4j is ready" in line:
                self.ready.set()

    def java(self, timeout=60) -> int:
        """The pid of the Java process the service started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    try:
                        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                    except OSError:
                        continue
                    if int(stat[1]) == self.proc.pid and b"Launcher.java" in cmdline:
                        return int(pid)
            time.sleep(0.1)
        raise AssertionError("no Java process appeared: " + "\n".join(self.lines[-10:]))

    def wait_ready(self, timeout=180):
        assert self.ready.wait(timeout), "not ready: " + "\n".join(self.lines[-15:])

    def exit_status(self, timeout=45) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError(f"did not exit within {timeout}s (a deadlock?): " + "\n".join(self.lines[-10:]))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def gone(pid: int) -> bool:
    """The process has exited and been reaped (a zombie still has its /proc entry)."""
    return not Path(f"/proc/{pid}").exists()


def test_sigterm_once_ready_stops_neo4j_and_exits_zero(java_ready, tmp_path):
    service = Service(tmp_path)
    try:
        service.wait_ready()
        java = service.java()
        started = time.monotonic()
        service.proc.send_signal(signal.SIGTERM)
        assert service.exit_status() == 0
        assert time.monotonic() - started < 40
        deadline = time.monotonic() + 10
        while not gone(java) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(java), "Java was left running or unreaped"
    finally:
        service.kill()


def test_a_signal_during_start_up_stops_java_too(java_ready, tmp_path):
    service = Service(tmp_path)
    try:
        java = service.java()                 # Java is starting, Neo4j not yet ready
        assert not service.ready.is_set()
        service.proc.send_signal(signal.SIGTERM)
        assert service.exit_status() == 0
        deadline = time.monotonic() + 10
        while not gone(java) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(java), "Java outlived a SIGTERM sent during start-up"
    finally:
        service.kill()


def test_neo4j_dying_on_its_own_makes_the_service_exit_non_zero(java_ready, tmp_path):
    service = Service(tmp_path)
    try:
        service.wait_ready()
        os.kill(service.java(), signal.SIGKILL)
        assert service.exit_status() != 0
        assert any("exited on its own" in line for line in service.lines)
    finally:
        service.kill()


def test_the_browser_address_opens_connected_and_plays_the_guide_then_sigint_stops_it(java_ready, tmp_path,
                                                                                     nx_service, playwright_ready):
    with serving(create_app(Settings(), nx_service)) as api:
        port = api.rsplit(":", 1)[1]
        service = Service(tmp_path, env={"POLICYKG_PORT": port, "POLICYKG_HOST": "127.0.0.1"})
        try:
            service.wait_ready()
            shown = "\n".join(service.lines)
            assert f"guide:   http://127.0.0.1:{port}/neo4j/guide.html" in shown
            browser = next(l.split("Browser:", 1)[1].strip() for l in service.lines if "Browser:" in l)
            assert f"dbms=bolt://127.0.0.1:{service.bolt}" in browser and "preselectAuthMethod=NO_AUTH" in browser
            result = subprocess.run(["node", str(TOOLS / "neo4j_connected.mjs"), browser], capture_output=True,
                                    text=True, timeout=120, env={**os.environ, "CHROMIUM": CHROMIUM})
            assert result.returncode == 0, result.stderr[-2000:]
            seen = json.loads(result.stdout.strip().splitlines()[-1])
            assert not seen["loginForm"] and not seen["notConnected"], seen["text"]
            assert seen["guide"], seen["text"]
            java = service.java()
            service.proc.send_signal(signal.SIGINT)
            assert service.exit_status() == 0
            deadline = time.monotonic() + 10
            while not gone(java) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert gone(java)
        finally:
            service.kill()
