"""`noteforge serve` over real HTTP with real file changes: each rebuild is announced to open
pages, matches a clean build, and a broken save never stops the server."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from watchfiles import Change

from noteforge import Config, build_site
from noteforge.project import project_of
from noteforge.serve import (
    EVENTS_PATH,
    ChangeFilter,
    LiveState,
    _inject,
    host_is_served,
    make_server,
    watch_roots,
)
from tests.helpers import SAMPLE_DAY, SAMPLE_EPOCH, SAMPLE_NOTES, run

# How long to wait for serve to answer or rebuild: only a guard against a hang (the suite
# runs on every core, beside other work), never a speed target.
TIMEOUT = 60.0


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]
    lines: queue.Queue[str]
    printed: list[str] = field(default_factory=list)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=TIMEOUT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            error.close()
            return error.code, ""

    def page(self, path: str) -> BeautifulSoup:
        status, body = self.get(path)
        assert status == 200, f"{path}: HTTP {status}"
        return BeautifulSoup(body, "lxml")

    def generation(self, path: str = "index.html") -> int:
        found = re.search(r"generation=(\d+)", self.get(path)[1])
        assert found, "served pages carry the live-reload script"
        return int(found.group(1))

    def wait_for_line(self, pattern: str) -> str:
        """A line serve printed (so far, or within the timeout) that matches ``pattern``."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            found = next((line for line in self.printed if re.search(pattern, line)), None)
            if found is not None:
                return found
            try:
                self.printed.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                continue
        raise AssertionError(f"serve printed no line matching {pattern!r}: {self.printed}")


def read_lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line.rstrip("\n"))


@contextmanager
def serving(
    cwd: Path, *args: str, env: dict[str, str] | None = None, ignore_sigint: bool = False
) -> Iterator[Served]:
    """``noteforge serve`` running in ``cwd`` (as a background job of a shell, with SIGINT
    ignored, when ``ignore_sigint``)."""
    command = [sys.executable, "-m", "noteforge", "serve", *args, "--port", "0", "-j", "1"]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, **(env or {})}
    ignoring = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None
    process = subprocess.Popen(
        command, cwd=cwd, stderr=subprocess.PIPE, text=True, env=environment, preexec_fn=ignoring
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=read_lines, args=(process.stderr, lines), daemon=True)
    reader.start()
    served = Served("", process, lines)
    try:
        served.url = served.wait_for_line(r"serving http://").split("serving ")[1].split(" ")[0]
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(timeout=TIMEOUT)
        assert process.stderr is not None
        process.stderr.close()


def wait_for_reload(served: Served, after: int, change: Callable[[], object]) -> float:
    """Make ``change`` while listening on the event stream as a page would; the seconds
    until the page is told to reload."""
    host = urlsplit(served.url)
    connection = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=TIMEOUT)
    connection.request("GET", f"{EVENTS_PATH}?generation={after}")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b"retry: 1000\n"
    started = time.monotonic()
    change()
    try:
        while True:
            line = response.readline()
            if line == b"data: reload\n":
                return time.monotonic() - started
            assert line, "the event stream ended"
    finally:
        connection.close()


def eventually(check: Callable[[], None]) -> None:
    """``check`` passes within the timeout (a save can arrive as more than one burst)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_equals_clean_build(notes: Path, served_site: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build_site(project_of(notes, clean, Config()), SAMPLE_DAY)
    eventually(lambda: _assert_same_files(served_site, clean))


def _assert_same_files(served_site: Path, clean: Path) -> None:
    assert site_files(served_site) == site_files(clean)


def backlink_titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".backlink > a")]


@pytest.fixture
def wiki(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Alpha\n\nIntro.\n", encoding="utf-8")
    (notes / "b.md").write_text("# Beta\n\nLinks [[a]].\n", encoding="utf-8")
    return tmp_path


def test_pages_are_served_with_live_reload_but_the_site_files_have_none(wiki: Path) -> None:
    with serving(wiki, "notes", "-o", "out") as served:
        page = served.page("notes/a.html")
        scripts = [s.get_text() for s in page.select("script") if EVENTS_PATH in s.get_text()]
        assert len(scripts) == 1 and "location.reload()" in scripts[0]
        assert served.page("").select_one("title") is not None, "/ serves index.html"
        assert served.get("assets/style.css")[0] == 200
        assert served.get("notes/nowhere.html")[0] == 404
    on_disk = (wiki / "out" / "notes" / "a.html").read_text(encoding="utf-8")
    assert EVENTS_PATH not in on_disk


def step(served: Served, change: Callable[[], object], check: Callable[[], None]) -> None:
    """Make ``change``: open pages are told to reload, and then ``check`` holds (at once, or
    after the rest of the burst, when a save reaches the watcher as two)."""
    wait_for_reload(served, served.generation(), change)
    eventually(check)


def test_edits_creations_deletions_and_broken_saves_follow_and_equal_a_clean_build(
    wiki: Path, tmp_path: Path
) -> None:
    notes, out = wiki / "notes", wiki / "out"
    with serving(wiki, "notes", "-o", "out") as served:
        assert backlink_titles(served.page("notes/a.html")) == ["Beta"]

        def linked_both_ways() -> None:
            assert backlink_titles(served.page("notes/b.html")) == ["Alpha"]
            assert "See" in served.page("notes/a.html").get_text()

        # An edit: a now links to b, so b's page gains a backlink without b changing.
        step(served, lambda: write(notes / "a.md", "# Alpha\n\nSee [[b]].\n"), linked_both_ways)
        assert_equals_clean_build(notes, out, tmp_path / "1")

        # A new note, then its deletion.
        def gamma_links_a() -> None:
            assert sorted(backlink_titles(served.page("notes/a.html"))) == ["Beta", "Gamma"]

        def gamma_gone() -> None:
            assert served.get("notes/c.html")[0] == 404
            assert backlink_titles(served.page("notes/a.html")) == ["Beta"]

        step(served, lambda: write(notes / "c.md", "# Gamma\n\n[[a]]\n"), gamma_links_a)
        step(served, lambda: (notes / "c.md").unlink(), gamma_gone)
        assert_equals_clean_build(notes, out, tmp_path / "2")

        # A broken save (bad UTF-8): still serving, the problem shown on that page only.
        def shown_on_b() -> None:
            overlay = served.page("notes/b.html").select_one("#nf-serve-overlay")
            assert overlay is not None and "NF110" in overlay.get_text()
            assert served.page("notes/a.html").select_one("#nf-serve-overlay") is None

        step(served, lambda: (notes / "b.md").write_bytes(b"# Beta\n\xff\xfe [[a]]\n"), shown_on_b)
        served.wait_for_line(r"b\.md:\d+:\d+: (error|warning) NF110")
        assert_equals_clean_build(notes, out, tmp_path / "3")

        # A rename, then the fix.
        def renamed() -> None:
            assert served.get("notes/b.html")[0] == 404 and served.get("notes/beta.html")[0] == 200

        def fixed() -> None:
            assert served.page("notes/beta.html").select_one("#nf-serve-overlay") is None

        step(served, lambda: (notes / "b.md").rename(notes / "beta.md"), renamed)
        step(served, lambda: write(notes / "beta.md", "# Beta\n\n[[a]]\n"), fixed)
        assert_equals_clean_build(notes, out, tmp_path / "4")
        assert served.process.poll() is None


def test_a_broken_config_keeps_the_last_site_and_says_why(wiki: Path) -> None:
    config = wiki / "noteforge.yaml"
    config.write_text("site_title: Desk\n")
    with serving(wiki, "notes") as served:
        assert "Desk" in served.page("index.html").select_one("title").get_text()  # type: ignore[union-attr]

        def says_why() -> None:
            overlay = served.page("notes/a.html").select_one("#nf-serve-overlay")
            assert overlay is not None and "did you mean `site_title`" in overlay.get_text()

        def recovered() -> None:
            page = served.page("notes/a.html")
            assert page.select_one("#nf-serve-overlay") is None
            assert "Desk 2" in page.select_one("title").get_text()  # type: ignore[union-attr]

        step(served, lambda: config.write_text("site_titel: Desk\n"), says_why)
        served.wait_for_line(r"error: noteforge.yaml:1:1: unknown key")
        step(served, lambda: config.write_text("site_title: Desk 2\n"), recovered)


@pytest.mark.parametrize("background", [False, True], ids=["foreground", "background-job"])
def test_ctrl_c_stops_cleanly_and_removes_the_temporary_site(
    wiki: Path, tmp_path: Path, background: bool
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with serving(wiki, "notes", env={"TMPDIR": str(scratch)}, ignore_sigint=background) as served:
        assert any(scratch.iterdir()), "the site is built in a temporary folder"
        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(timeout=TIMEOUT) == 0
        served.wait_for_line(r"noteforge: stopped")
    assert not any(scratch.iterdir())
    while not served.lines.empty():
        served.printed.append(served.lines.get())
    assert not any("Traceback" in line for line in served.printed)


def test_a_port_in_use_is_a_one_line_error(wiki: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "notes", "--port", str(port), cwd=wiki, timeout=60)
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_missing_notes_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("serve", "nowhere", cwd=tmp_path)
    assert result.returncode == 2 and "notes folder nowhere does not exist" in result.stderr


def test_reload_script_and_overlay_go_before_the_last_body_end() -> None:
    page = b"<html><body><pre></body></pre></BODY ></html>"
    assert _inject(page, b"<x>") == b"<html><body><pre></body></pre><x></BODY ></html>"
    assert _inject(b"no body", b"<x>") == b"no body<x>"


def test_only_notes_theme_and_config_changes_count(tmp_path: Path) -> None:
    notes, theme, config = tmp_path / "notes", tmp_path / "templates", tmp_path / "noteforge.yaml"
    for folder in (notes, theme, tmp_path / "site"):
        folder.mkdir()
    accept = ChangeFilter(notes, theme, config)
    assert accept(Change.modified, str(notes / "a.md"))
    assert accept(Change.added, str(theme / "note.html"))
    assert accept(Change.modified, str(config))
    assert not accept(Change.modified, str(tmp_path / "site" / "index.html"))
    assert not accept(Change.modified, str(notes / ".git" / "index"))
    assert watch_roots(notes, theme, config) == [tmp_path.resolve()]
    assert watch_roots(notes, None, None) == [notes.resolve()]


def test_serving_the_sample_wiki(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_NOTES, tmp_path / "notes")
    with serving(tmp_path, "notes") as served:
        smic = served.page("notes/smic.html")
        assert smic.select_one(".badge-hypothesis, .status-hypothesis, [class*=hypothesis]") is not None
        served.wait_for_line(r"built 14 notes in [\d.]+ s with 0 errors, \d+ warnings")


def raw_request(served: Served, request: bytes, *, hang_up: bool = False) -> int | None:
    """Send ``request`` as it is on a raw socket; the status code of the answer (``None``
    when hanging up right after sending, without reading)."""
    url = urlsplit(served.url)
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=TIMEOUT) as client:
        client.sendall(request)
        if hang_up:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            return None
        answer = b""
        while b"\r\n" not in answer:
            chunk = client.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1]) if answer else None


def get_with_host(served: Served, host: str, path: str = "/index.html") -> int:
    return (
        raw_request(served, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()) or 0
    )


def assert_no_traceback(served: Served) -> None:
    served.process.send_signal(signal.SIGINT)
    served.process.wait(timeout=TIMEOUT)
    time.sleep(0.2)
    while not served.lines.empty():
        served.printed.append(served.lines.get())
    printed = "\n".join(served.printed)
    assert "Traceback" not in printed and "Exception" not in printed, printed


def test_requests_for_other_hosts_are_refused(wiki: Path) -> None:
    with serving(wiki, "notes") as served:
        port = urlsplit(served.url).port or 0
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
            assert get_with_host(served, host) == 200, host
        for host in (
            f"evil.example:{port}",
            "evil.example",
            f"127.0.0.1:{port + 1}",
            f"127.0.0.1:{port}@x",
            "",
        ):
            assert get_with_host(served, host) == 421, host
        assert get_with_host(served, f"evil.example:{port}", EVENTS_PATH) == 421
        assert raw_request(served, b"GET /index.html HTTP/1.1\r\nConnection: close\r\n\r\n") == 421
        assert_no_traceback(served)


def test_odd_requests_get_an_answer_and_no_traceback(wiki: Path) -> None:
    with serving(wiki, "notes") as served:
        host = urlsplit(served.url).netloc
        assert get_with_host(served, host, "/notes/a%00.html") == 400
        assert get_with_host(served, host, "/a%00b/") == 400
        for odd in ("%C2%B2", "9" * 5000, "-1", "%00"):
            assert get_with_host(served, host, f"{EVENTS_PATH}?generation={odd}") == 200, odd
        assert get_with_host(served, host, "/index.html?%ff%fe=%00&&&==") == 200
        huge = "X-Big: " + "a" * 70_000
        assert raw_request(served, f"GET / HTTP/1.1\r\nHost: {host}\r\n{huge}\r\n\r\n".encode()) == 431
        many = "".join(f"X-{n}: y\r\n" for n in range(200))
        assert raw_request(served, f"GET / HTTP/1.1\r\nHost: {host}\r\n{many}\r\n".encode()) == 431
        big_page = wiki / "notes" / "big.md"
        big_page.write_text("# Big\n\n" + "word " * 400_000, encoding="utf-8")
        served.wait_for_line("rebuilt")
        for path in ("/notes/big.html", "/assets/search/0.js"):
            for _ in range(5):
                raw_request(served, f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode(), hang_up=True)
        assert get_with_host(served, host) == 200, "still serving"
        assert_no_traceback(served)


@pytest.mark.parametrize(
    ("header", "given", "bound", "served"),
    [
        ("127.0.0.1:8000", "127.0.0.1", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", "127.0.0.1", True),
        ("[::1]:8000", "::1", "::1", True),
        ("wiki.lan:8000", "wiki.lan", "192.168.1.5", True),
        ("192.168.1.5:8000", "wiki.lan", "192.168.1.5", True),
        ("192.168.1.9:8000", "0.0.0.0", "0.0.0.0", True),
        ("attacker.example:8000", "0.0.0.0", "0.0.0.0", False),
        ("attacker.example:8000", "127.0.0.1", "127.0.0.1", False),
        ("192.168.1.9:8000", "127.0.0.1", "127.0.0.1", False),
        ("127.0.0.1", "127.0.0.1", "127.0.0.1", False),
        ("127.0.0.1:80000", "127.0.0.1", "127.0.0.1", False),
        ("127.0.0.1:8000/x", "127.0.0.1", "127.0.0.1", False),
        ("user@127.0.0.1:8000", "127.0.0.1", "127.0.0.1", False),
        ("", "127.0.0.1", "127.0.0.1", False),
        (None, "127.0.0.1", "127.0.0.1", False),
    ],
)
def test_which_hosts_are_served(header: str | None, given: str, bound: str, served: bool) -> None:
    assert host_is_served(header, given, bound, 8000) is served


def test_the_server_listens_with_a_normal_backlog(tmp_path: Path) -> None:
    """A burst of connections (a browser opening many assets, a reload of many tabs) queues
    rather than being refused: the listen backlog is the system's, not http.server's 5."""
    server = make_server(tmp_path, LiveState(), "127.0.0.1", 0)
    try:
        assert server.request_queue_size >= min(socket.SOMAXCONN, 128)
    finally:
        server.server_close()
