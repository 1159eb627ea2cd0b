"""A real ``newsledger serve --workers 2`` over real sockets: workers, timeouts, early refusals."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from tests.api.newsledger_live import TOKEN, free_port

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds the worker processes in /proc"
)

# Seconds two worker processes may take to start: each imports the whole
# application, which is slow on a busy shared machine.
STARTUP_SECONDS = 180.0
# The header deadline these servers run with, and the slack allowed on it.
HEADER_TIMEOUT = 2.0
SLACK = 10.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            found.append(int(entry))
    return found


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def workers_of(pid: int) -> list[int]:
    """The uvicorn worker processes of the server ``pid`` (not its resource tracker)."""
    return [child for child in _children(pid) if "spawn_main" in _cmdline(child)]


@contextmanager
def served(
    db: Path, workers: int = 2, env_extra: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real ``newsledger serve`` on a free port, once all its workers answer."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLEDGER_")}
    env["NEWSLEDGER_TOKEN"] = TOKEN
    env.update(env_extra or {})
    log = db.parent / f"server-{port}.log"
    command = [sys.executable, "-m", "newsledger", "serve", "--db", str(db), "--port", str(port)]
    command += ["--workers", str(workers), "--header-timeout", str(HEADER_TIMEOUT)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        # Both workers must be up: one answering is not enough.
        while len(workers_of(proc.pid)) < workers or not _answers(base):
            assert proc.poll() is None, f"server exited: {log.read_text()}"
            assert time.monotonic() < deadline, f"server did not start: {log.read_text()}"
            time.sleep(0.3)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _answers(base: str) -> bool:
    try:
        return httpx.get(base + "/api/health", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="module")
def server(ledger_db: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with served(ledger_db) as running:
        # Wait for the second worker to be ready as well as alive.
        yield running


def _raw(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=SLACK)


def test_each_of_two_workers_answers_while_the_other_is_stopped(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, proc = server
    workers = workers_of(proc.pid)
    assert len(workers) == 2, workers
    for stopped in workers:
        os.kill(stopped, signal.SIGSTOP)
        try:
            # A stopped worker accepts nothing: every new connection is the
            # other worker's, and each must be answered.
            for _ in range(3):
                with httpx.Client(timeout=SLACK) as client:
                    response = client.get(base + "/api/stats")
                assert response.status_code == 200
                assert response.json()["documents"] == 3
        finally:
            os.kill(stopped, signal.SIGCONT)


def test_a_client_stalled_in_its_headers_is_disconnected_while_others_are_served(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, _ = server
    stalled = [_raw(base) for _ in range(20)]
    try:
        for sock in stalled:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        started = time.monotonic()
        assert httpx.get(base + "/api/health", timeout=SLACK).status_code == 200
        for sock in stalled:
            sock.settimeout(HEADER_TIMEOUT + SLACK)
            # The server closes the connection: end of file, or a reset.
            with suppress(ConnectionResetError):
                assert sock.recv(1024) == b""
        assert time.monotonic() - started < HEADER_TIMEOUT + SLACK
        assert httpx.get(base + "/api/health", timeout=SLACK).status_code == 200
    finally:
        for sock in stalled:
            sock.close()


def test_an_idle_connection_that_never_sends_is_closed(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, _ = server
    with _raw(base) as sock:
        sock.settimeout(HEADER_TIMEOUT + SLACK)
        with suppress(ConnectionResetError):
            assert sock.recv(1024) == b""


def _chunked_post(base: str, token: str | None) -> bytes:
    """Start a chunked POST, send one chunk of its body and wait: what comes back."""
    headers = (
        "POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
    )
    if token is not None:
        headers += f"Authorization: Bearer {token}\r\n"
    with _raw(base) as sock:
        sock.sendall(headers.encode() + b"\r\n" + b'9\r\n{"text": \r\n')
        # The body is never finished: an answer can only come from the headers.
        sock.settimeout(SLACK)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer:
                part = sock.recv(4096)
                if not part:
                    break
                answer += part
        except TimeoutError:
            pass
        return answer


def test_an_unauthorised_chunked_post_is_refused_before_its_body(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, _ = server
    missing = _chunked_post(base, None)
    assert missing.startswith(b"HTTP/1.1 401"), missing
    assert b"connection: close" in missing.lower()
    wrong = _chunked_post(base, "not-the-token")
    assert wrong.startswith(b"HTTP/1.1 403"), wrong


def test_a_post_with_the_token_still_writes(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, _ = server
    response = httpx.post(
        base + "/api/documents",
        json={"text": "Helix Energy said on Monday it had raised $40 million from investors."},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert response.status_code in (200, 201, 202), response.text


def test_server_workers_end_when_the_server_is_killed(tmp_path: Path) -> None:
    with served(tmp_path / "empty.db") as (_, proc):
        workers = workers_of(proc.pid)
        assert len(workers) == 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + SLACK
        try:
            while any(_alive(pid) for pid in workers):
                assert time.monotonic() < deadline, "server workers outlived their supervisor"
                time.sleep(0.2)
        finally:
            for pid in workers:
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False
