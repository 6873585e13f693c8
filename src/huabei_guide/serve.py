"""The dev server: build into a temporary folder, serve it, rebuild on change, reload browsers."""

from __future__ import annotations

import html
import mimetypes
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Condition, Event, Lock, Thread
from typing import Any
from urllib.parse import unquote, urlsplit

import watchfiles

from huabei_guide.build import BuildOptions, build
from huabei_guide.errors import GuideError, Problem, format_text, sorted_problems

FOLDERS, ROOT_FILES = ("content", "templates", "static"), ("site.yaml", "urls.lock")
SCRIPT_PATH = "/__livereload.js"
EVENTS_PATH = "/__livereload"
KEEPALIVE_SECONDS = 15.0
Handler = BaseHTTPRequestHandler
# External: the pages' CSP forbids inline scripts. data-build reloads pages served mid-rebuild.
SCRIPT_TAG = '<script src="/__livereload.js" data-build="{}" defer></script>'
LIVERELOAD_JS = """{ const seen = document.currentScript && document.currentScript.dataset.build;
  const events = new EventSource("/__livereload");
  events.onmessage = (e) => { if (seen && e.data !== seen) location.reload(); }; }
"""
ERROR_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>构建失败</title></head>
<body><h1>构建失败</h1><p>共 {count} 个问题。改好并保存后，页面会自动刷新。</p>
<pre style="white-space: pre-wrap">{lines}</pre>{script}</body></html>\n"""


@dataclass(frozen=True, slots=True)
class BuildState:
    """One finished build attempt: its number, the folder it serves and its errors."""

    number: int
    site_dir: Path | None  # "site" in a temporary folder; a failed build keeps the last good one
    errors: tuple[Problem, ...] = ()
    seconds: float = 0.0


class LatestBuild:
    """Hold the build being served and wake the browsers waiting for a newer one."""

    def __init__(self, state: BuildState) -> None:
        self._state, self._changed, self._closed = state, Condition(), False
        self.building = Lock()  # held by whichever watcher is rebuilding

    def current(self) -> BuildState:
        """Return the build being served now."""
        with self._changed:
            return self._state

    def publish(self, state: BuildState) -> None:
        """Serve ``state`` from now on, and only then delete the folder it replaces."""
        with self._changed:
            previous, self._state = self._state, state
            self._changed.notify_all()
        if previous.site_dir and previous.site_dir != state.site_dir:
            shutil.rmtree(previous.site_dir.parent, ignore_errors=True)

    def wait_newer(self, number: int, timeout: float) -> int | None:
        """Wait until a build other than ``number`` is served; return ``None`` once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._state.number != number, timeout)
            return None if self._closed else self._state.number

    def close(self) -> None:
        """Release every waiting event stream."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def rebuild(root: Path, options: BuildOptions, previous: BuildState | None) -> BuildState:
    """Build into a fresh temporary folder; on failure keep the previous files for assets."""
    number = previous.number + 1 if previous else 1
    site_dir = Path(tempfile.mkdtemp(prefix="huabei-guide-serve-")) / "site"
    started = time.perf_counter()
    # The same build as the CLI's, into the temporary folder, never touching urls.lock.
    preview = replace(options, out=site_dir, locked=False, write_lock=False)
    try:
        build(root, preview)
        errors: tuple[Problem, ...] = ()
    except GuideError as exc:
        errors = sorted_problems([p for p in exc.problems if p.is_error])
    seconds = time.perf_counter() - started
    if not errors:
        return BuildState(number, site_dir, (), seconds)
    shutil.rmtree(site_dir.parent, ignore_errors=True)
    return BuildState(number, previous.site_dir if previous else None, errors, seconds)


def announce(state: BuildState, *, first: bool) -> None:
    """Tell the terminal how a build went."""
    for problem in state.errors:
        print(format_text(problem), file=sys.stderr)
    if state.errors:
        print(f"构建失败：{len(state.errors)} 个问题", flush=True)
    elif not first:
        print(f"已重新构建（{state.seconds:.2f} 秒）", flush=True)


def watch_loop(
    root: Path, options: BuildOptions, latest: LatestBuild, stop: Event, top: bool
) -> None:
    """Rebuild after every batch of changes in the folders, or in ``top``-level files."""
    # Top-level files are watched through their folder: saving by rename orphans a file watch.
    paths = [root] if top else [root / name for name in FOLDERS if (root / name).is_dir()]
    keep = (lambda _, path: Path(path).name in ROOT_FILES) if top else watchfiles.DefaultFilter()
    for _changes in watchfiles.watch(*paths, watch_filter=keep, recursive=not top, stop_event=stop):
        with latest.building:
            state = rebuild(root, options, latest.current())
            latest.publish(state)
        announce(state, first=False)


def render_error_page(state: BuildState) -> bytes:
    """Render the page shown in place of every page while the build is broken."""
    lines = html.escape("\n".join(format_text(p) for p in state.errors))
    script = SCRIPT_TAG.format(state.number)
    return ERROR_PAGE.format(count=len(state.errors), lines=lines, script=script).encode()


def resolve(site_dir: Path | None, path: str) -> Path | None:
    """Map a decoded URL path into ``site_dir``; refuse anything that could climb out."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    unsafe = any(p == ".." or "\\" in p or "\0" in p for p in parts)
    return None if site_dir is None or unsafe else site_dir.joinpath(*parts)


def send(handler: Handler, status: int, body: bytes, ctype: str, location: str = "") -> None:
    """Send a complete, uncacheable response (headers only for HEAD)."""
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    if location:
        handler.send_header("Location", location)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def send_file(handler: Handler, status: int, path: Path | None, number: int) -> None:
    """Send a built file, with the live-reload script added to HTML; 404 when unreadable."""
    try:
        body = path.read_bytes() if path else None
    except OSError:
        body = None
    if path is None or body is None:
        send(handler, 404, "页面不存在\n".encode(), "text/plain; charset=utf-8")
        return
    ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if ctype == "text/html":  # the live-reload script goes before the last </body>
        at = body.lower().rfind(b"</body>")
        at = len(body) if at < 0 else at
        body = body[:at] + SCRIPT_TAG.format(number).encode() + body[at:]
    text_like = ctype.startswith("text/") or ctype.endswith(("json", "xml", "javascript"))
    send(handler, status, body, f"{ctype}; charset=utf-8" if text_like else ctype)


def serve_built(handler: Handler, state: BuildState) -> None:
    """Answer from the build folder: a file, a folder's index, a slash redirect or 404.html."""
    url = urlsplit(handler.path)
    target = resolve(state.site_dir, unquote(url.path))
    if target is not None and target.is_dir():
        if not url.path.endswith("/"):
            location = url._replace(scheme="", netloc="", path=url.path + "/").geturl()
            send(handler, 301, b"", "text/plain; charset=utf-8", location)
            return
        target = target / "index.html"
    if target is not None and target.is_file():
        send_file(handler, 200, target, state.number)
    else:
        send_file(handler, 404, resolve(state.site_dir, "404.html"), state.number)


def stream_events(handler: Handler, latest: LatestBuild) -> None:
    """Send the build number now and after every build, with keep-alives in between."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    number: int | None = latest.current().number
    message = f"retry: 1000\ndata: {number}\n\n"
    try:
        while number is not None and handler.command != "HEAD":
            handler.wfile.write(message.encode())
            handler.wfile.flush()
            newer = latest.wait_newer(number, KEEPALIVE_SECONDS)
            message = ": keep-alive\n\n" if newer == number else f"data: {newer}\n\n"
            number = newer
    except OSError:
        return  # The browser went away: a closed tab, a reload or a navigation.


def answer(handler: Handler, latest: LatestBuild) -> None:
    """Route one GET or HEAD request."""
    path = unquote(urlsplit(handler.path).path)
    last, state = path.rsplit("/", 1)[-1], latest.current()
    if path == SCRIPT_PATH:
        send(handler, 200, LIVERELOAD_JS.encode(), "text/javascript; charset=utf-8")
    elif path == EVENTS_PATH:
        stream_events(handler, latest)
    elif state.errors and (last.endswith(".html") or "." not in last):  # a page, not an asset
        send(handler, 500, render_error_page(state), "text/html; charset=utf-8")
    else:
        serve_built(handler, state)


def make_handler(latest: LatestBuild) -> type[Handler]:
    """Return a request handler class that serves whatever build ``latest`` holds."""

    class PreviewHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer(self, latest)

        def do_HEAD(self) -> None:
            answer(self, latest)

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet about ordinary requests; errors go through ``log_error``."""

        def log_error(self, format: str, *args: Any) -> None:
            print(f"{self.address_string()}: {format % args}", file=sys.stderr)

    return PreviewHandler


class PreviewServer:
    """A running preview: the HTTP server, the file watchers and the build being served."""

    def __init__(self, root: Path, options: BuildOptions, httpd: ThreadingHTTPServer) -> None:
        self.latest = LatestBuild(rebuild(root, options, None))
        announce(self.latest.current(), first=True)
        httpd.RequestHandlerClass = make_handler(self.latest)
        self._httpd, self._stop = httpd, Event()
        self.url = "http://{}:{}/".format(*httpd.server_address[:2])  # the port actually bound
        args = (root, options, self.latest, self._stop)
        self._watchers = [
            Thread(target=watch_loop, args=(*args, top), daemon=True) for top in (False, True)
        ]
        for thread in (*self._watchers, Thread(target=httpd.serve_forever, daemon=True)):
            thread.start()

    @property
    def build_number(self) -> int:
        """Return the number of the build being served (the first is 1)."""
        return self.latest.current().number

    def wait(self) -> None:
        """Block until a watcher stops."""
        while all(thread.is_alive() for thread in self._watchers):
            self._watchers[0].join(0.5)

    def close(self) -> None:
        """Stop watching and serving, then delete the build folder."""
        self._stop.set()
        self.latest.close()
        self._httpd.shutdown()
        self._httpd.server_close()
        for thread in self._watchers:
            thread.join()
        if site_dir := self.latest.current().site_dir:
            shutil.rmtree(site_dir.parent, ignore_errors=True)


def start_server(root: Path, *, host: str, port: int, options: BuildOptions) -> PreviewServer:
    """Build the site, then serve and watch it in background threads."""
    httpd = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler)
    return PreviewServer(root, options, httpd)


def serve_forever(root: Path, *, host: str, port: int, options: BuildOptions) -> None:
    """Preview the site until Ctrl+C, rebuilding and reloading browsers on every change."""
    try:
        preview = start_server(root, host=host, port=port, options=options)
    except OSError as exc:
        print(f"无法在 {host}:{port} 上启动预览：{exc.strerror}", file=sys.stderr)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        return
    print(f"正在预览 {preview.url} （按 Ctrl+C 停止）", flush=True)
    try:
        preview.wait()
    except KeyboardInterrupt:
        print("已停止预览", flush=True)
    finally:
        preview.close()
