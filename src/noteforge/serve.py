"""``noteforge serve``: build, serve the site on loopback, rebuild on every save, reload pages.

The site is built exactly as ``noteforge build`` builds it, into a folder of its own; the
server adds, to each HTML page it sends (never to the files), a small script that listens
for rebuilds on ``/__noteforge/events`` (server-sent events) and reloads the page, and an
overlay listing the page's errors and warnings. A save that only changes notes' bytes
patches the last build in memory (:mod:`noteforge.live`); anything else is an incremental
:func:`~noteforge.build.build_site` build. Either way the result is a clean build's. A
build that fails (a broken config file) keeps the last good site and shows why.
"""

from __future__ import annotations

import html
import ipaddress
import re
import signal
import socket
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from watchfiles import Change, DefaultFilter, watch

from noteforge.build import BuildResult
from noteforge.console import counts_text, plural, print_diagnostics, print_summary
from noteforge.diagnostics import count_by_severity
from noteforge.errors import NoteforgeError
from noteforge.model import Diagnostic, Severity
from noteforge.paths import note_page

EVENTS_PATH = "/__noteforge/events"
_DEBOUNCE_MS = 150  # the longest a burst of changes is gathered
_QUIET_MS = 25  # a burst ends when nothing changed for this long (an editor's save: a few ms)
_KEEPALIVE_SECONDS = 15.0
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_SHOWN = {Severity.ERROR, Severity.WARNING}

_RELOAD_SCRIPT = """<script>(function () {{
  var source = new EventSource("{events}?generation={generation}");
  source.onmessage = function (event) {{ if (event.data === "reload") location.reload(); }};
}})();</script>"""

_OVERLAY = """<aside id="nf-serve-overlay" role="alert" style="position:fixed;z-index:2147483647;\
right:1rem;bottom:1rem;max-width:min(44rem,90vw);max-height:40vh;overflow:auto;margin:0;\
padding:.75rem 1rem;background:#fff8f6;color:#5c1a0b;border:2px solid #c2410c;border-radius:6px;\
box-shadow:0 4px 18px rgba(0,0,0,.25);font:13px/1.45 ui-monospace,monospace">\
<button type="button" aria-label="Close" onclick="this.parentNode.remove()" style="float:right;\
border:0;background:none;font-size:18px;cursor:pointer;color:inherit">&times;</button>\
<strong>noteforge: {count}</strong><pre style="white-space:pre-wrap;margin:.5rem 0 0">{lines}</pre></aside>"""


@dataclass
class LiveState:
    """What the server tells pages: the build generation and the problems to overlay."""

    generation: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)
    failure: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, problems: dict[str, list[str]] | None, failure: str | None) -> None:
        """A build finished: new problems (``None``: unchanged) or a failure; pages reload."""
        with self.changed:
            if problems is not None:
                self.problems = problems
            self.failure = failure
            self.generation += 1
            self.changed.notify_all()

    def wait_after(self, generation: int, timeout: float) -> int:
        """The current generation, waiting up to ``timeout`` for one newer than ``generation``."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation > generation, timeout)
            return self.generation

    def overlay_lines(self, page: str) -> list[str]:
        """The lines to show over ``page``: the build failure, else the page's problems."""
        with self.changed:
            return [self.failure] if self.failure else list(self.problems.get(page, ()))


def page_problems(result: BuildResult, notes_dir: Path) -> dict[str, list[str]] | None:
    """Each note page's errors and warnings as printed lines (``None``: site unchanged)."""
    if result.wiki is None:
        return None
    by_path: defaultdict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        if d.severity in _SHOWN:
            by_path[d.path].append(d)
    prefix = notes_dir.as_posix().rstrip("/")
    return {
        note_page(note.slug): [f"{prefix}/{d.format()}" for d in by_path[note.path]]
        for note in result.wiki.notes
        if by_path[note.path]
    }


def make_server(site: Path, state: LiveState, host: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server for the site folder, adding live reload and overlays to its pages.

    It answers only requests whose ``Host`` names it (see :func:`host_is_served`)."""

    class Handler(_LiveHandler):
        pass

    Handler.state = state
    Handler.site = site
    server = _Server((host, port), Handler)
    Handler.bound = (host, str(server.server_address[0]), int(server.server_address[1]))
    return server


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = socket.SOMAXCONN

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up is no news; anything else is one line, never a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            problem = f"{type(error).__name__}: {error}"
            print_summary(f"internal error answering a request ({problem})", failed=True)


def host_is_served(header: str | None, given_host: str, bound_host: str, bound_port: int) -> bool:
    """Whether a request's ``Host`` header names this server: a loopback name or address,
    the ``--host`` it was given or the address that is bound to, or (bound to every
    interface) any IP address or this machine's name, with its port. A page from another
    site whose name was pointed at this machine (DNS rebinding) sends its own name, and is
    refused."""
    if not header or any(char in header for char in "/?#@\\ \t"):
        return False
    try:
        parts = urlsplit("//" + header)
        host, port = (parts.hostname or ""), (parts.port or 80)
    except ValueError:
        return False
    if port != bound_port:
        return False
    bound = bound_host.lower()
    names = {"localhost", given_host.lower(), bound}
    if _is_wildcard(bound):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    if host in names:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or _is_wildcard(bound)


def _is_wildcard(host: str) -> bool:
    return host in ("", "0.0.0.0", "::")


class _LiveHandler(SimpleHTTPRequestHandler):
    state: LiveState
    site: Path
    bound: tuple[str, str, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def parse_request(self) -> bool:
        """The request line and headers, refusing requests for other hosts (421) and paths
        holding a NUL (400)."""
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or not host_is_served(hosts[0], *self.bound):
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "This server answers only for its own address")
            return False
        if "\0" in unquote(urlsplit(self.path).path):
            self.send_error(HTTPStatus.BAD_REQUEST, "NUL in the path")
            return False
        return True

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            self._stream_events(parse_qs(url.query).get("generation", ["0"])[0])
            return
        page = self._html_page(url.path)
        if page is None:
            super().do_GET()
        else:
            self._send_page(*page)

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal is for diagnostics."""

    def _html_page(self, url_path: str) -> tuple[Path, str] | None:
        """The HTML file a request names, with its path in the site, if it is one."""
        relative = unquote(url_path).lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if not relative.endswith(".html"):
            return None
        path = Path(self.translate_path("/" + relative))
        return (path, relative) if path.is_file() else None

    def _send_page(self, path: Path, relative: str) -> None:
        body = path.read_bytes()
        with self.state.changed:
            generation = self.state.generation
        addition = _RELOAD_SCRIPT.format(events=EVENTS_PATH, generation=generation)
        lines = self.state.overlay_lines(relative)
        if lines:
            problems = f"{len(lines)} problem{'' if len(lines) == 1 else 's'} on this page"
            addition += _OVERLAY.format(count=problems, lines=html.escape("\n".join(lines)))
        body = _inject(body, addition.encode("utf-8"))
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _stream_events(self, since: str) -> None:
        generation = _generation(since)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                current = self.state.wait_after(generation, _KEEPALIVE_SECONDS)
                self.wfile.write(b"data: reload\n\n" if current > generation else b": keep-alive\n\n")
                self.wfile.flush()
                generation = current
        except (BrokenPipeError, ConnectionResetError):
            return


def _generation(since: str) -> int:
    """The build generation a page asks about (0 for anything that is not a number)."""
    try:
        return int(since) if since.isascii() else 0
    except ValueError:  # not a number, or more digits than int() takes
        return 0


def _inject(page: bytes, addition: bytes) -> bytes:
    """``addition`` just before the page's last ``</body>`` (at the end if it has none)."""
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + addition
    at = ends[-1].start()
    return page[:at] + addition + page[at:]


class ChangeFilter(DefaultFilter):
    """Changes that can alter the site: notes, the theme folder and the config file."""

    def __init__(self, notes_dir: Path, theme_dir: Path | None, config_file: Path | None) -> None:
        super().__init__()
        self.folders = [notes_dir.resolve()] + ([theme_dir.resolve()] if theme_dir else [])
        self.config_file = config_file.resolve() if config_file else None

    def __call__(self, change: Change, path: str) -> bool:
        resolved = Path(path).resolve()
        if resolved == self.config_file:
            return True
        inside = any(resolved.is_relative_to(folder) for folder in self.folders)
        return inside and super().__call__(change, path)


def watch_roots(notes_dir: Path, theme_dir: Path | None, config_file: Path | None) -> list[Path]:
    """The folders to watch: those holding the notes, the theme and the config file."""
    candidates = [notes_dir.resolve()]
    if theme_dir is not None and theme_dir.is_dir():
        candidates.append(theme_dir.resolve())
    if config_file is not None:
        candidates.append(config_file.resolve().parent)
    roots: list[Path] = []
    for folder in sorted(set(candidates), key=lambda p: len(p.parts)):
        if not any(folder.is_relative_to(root) for root in roots):
            roots.append(folder)
    return roots


def changes(
    roots: list[Path], accept: ChangeFilter, stop: threading.Event
) -> Iterator[set[tuple[Change, str]]]:
    """Each burst of changes under ``roots`` (saves within the debounce window come as one)."""
    yield from watch(
        *roots,
        watch_filter=accept,
        debounce=_DEBOUNCE_MS,
        step=_QUIET_MS,
        stop_event=stop,
        raise_interrupt=True,
    )


def timed(action: Callable[[], BuildResult]) -> tuple[BuildResult, float]:
    """``action()`` and how long it took, in seconds."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


@dataclass(frozen=True, slots=True)
class Session:
    """What ``noteforge serve`` serves and watches, and how it builds: ``build(jobs, changed)``
    after the files ``changed`` (``None``: the first build)."""

    notes_dir: Path
    out_dir: Path
    theme_dir: Path | None
    config_file: Path | None
    build: Callable[[int, frozenset[Path] | None], BuildResult]
    jobs: int


def run(session: Session, host: str, port: int, on_ready: Callable[[str], None]) -> None:
    """Build, serve and rebuild on changes until Ctrl-C; ``on_ready`` gets the site's URL."""
    result, seconds = timed(lambda: session.build(session.jobs, None))
    _report(session, result, seconds, first=True)
    state = LiveState()
    state.publish(page_problems(result, session.notes_dir), None)
    try:
        server = make_server(session.out_dir, state, host, port)
    except OSError as error:
        message = f"cannot serve on {host}:{port}: {error.strerror} (choose another --port)"
        raise NoteforgeError(message) from error
    threading.Thread(target=server.serve_forever, name="noteforge-http", daemon=True).start()
    stop = threading.Event()
    # Ctrl-C stops the server even when started where SIGINT is ignored (a background job).
    previous_handlers = (
        signal.signal(signal.SIGINT, signal.default_int_handler),
        signal.signal(signal.SIGTERM, _interrupt),
    )
    try:
        bound_host, bound_port = server.server_address[:2]
        on_ready(f"http://{_url_host(str(bound_host))}:{bound_port}/")
        accept = ChangeFilter(session.notes_dir, session.theme_dir, session.config_file)
        roots = watch_roots(session.notes_dir, session.theme_dir, session.config_file)
        for burst in changes(roots, accept, stop):
            _rebuild(session, state, burst)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, previous_handlers[0])
        signal.signal(signal.SIGTERM, previous_handlers[1])
        stop.set()
        server.shutdown()
        server.server_close()


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the server the way Ctrl-C does."""
    raise KeyboardInterrupt


def _rebuild(session: Session, state: LiveState, burst: set[tuple[Change, str]]) -> None:
    try:
        # One process: forking while the server's threads run could copy a lock one of them
        # holds into a worker, which would then wait for it forever.
        saved = frozenset(Path(path) for _, path in burst)
        result, seconds = timed(lambda: session.build(1, saved))
    except NoteforgeError as error:
        print_summary(f"error: {error}; still serving the last good site", failed=True)
        state.publish(None, f"noteforge: error: {error}")
        return
    except Exception as error:  # a bug must not take the author's server down
        print_summary(f"internal error while rebuilding ({type(error).__name__}: {error})", failed=True)
        state.publish(None, f"noteforge: internal error: {error}")
        return
    state.publish(page_problems(result, session.notes_dir), None)  # pages reload, then we print
    changed = {_relative(session.notes_dir, path) for _, path in burst}
    _report(session, result, seconds, first=False, changed=changed)


def _report(
    session: Session, result: BuildResult, seconds: float, *, first: bool, changed: set[str] | None = None
) -> None:
    shown = [d for d in result.diagnostics if d.severity in _SHOWN and (changed is None or d.path in changed)]
    print_diagnostics(session.notes_dir, shown)
    counts = count_by_severity(result.diagnostics)
    verb = "built" if first else "rebuilt"
    print_summary(
        f"{verb} {plural(result.notes, 'note')} in {seconds:.2f} s with {counts_text(counts)}",
        failed=bool(counts[Severity.ERROR]),
    )


def _relative(folder: Path, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
