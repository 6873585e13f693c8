"""Static files: content-hash fingerprints for CSS/JS, inline CSS and the matching CSP."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from huabei_guide.errors import GuideError, Problem
from huabei_guide.model import Output

FINGERPRINTED = frozenset({".css", ".js"})
STATIC_PREFIX = "static"
ROOT_FILES = frozenset({"favicon.ico"})  # published at the site root, where browsers look
BASE_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
)


@dataclass(frozen=True, slots=True)
class Assets:
    """The static files of a project, keyed by their path under ``static/``."""

    files: Mapping[str, bytes]

    def url(self, name: str) -> str:
        """Return the published URL of ``static/NAME`` (fingerprinted for CSS and JS)."""
        if name not in self.files:
            raise KeyError(f"static/{name} does not exist")
        return "/" + output_path(name, self.files[name])

    def text(self, name: str) -> str:
        """Return the text of ``static/NAME``, for inlining into a page."""
        if name not in self.files:
            raise KeyError(f"static/{name} does not exist")
        return self.files[name].decode("utf-8").strip()

    def style_hashes(self) -> tuple[str, ...]:
        """Return CSP hash sources for every stylesheet, so any of them may be inlined."""
        return tuple(
            f"'sha256-{_sha256_b64(self.text(n))}'"
            for n in sorted(self.files)
            if n.endswith(".css")
        )

    def csp(self, *, for_meta: bool = False) -> str:
        """Return the Content-Security-Policy; ``frame-ancestors`` is only valid as a header."""
        style = " ".join(("style-src 'self'", *self.style_hashes()))
        parts = [*BASE_POLICY, style]
        if not for_meta:
            parts.append("frame-ancestors 'none'")
        return "; ".join(parts)

    def outputs(self) -> tuple[Output, ...]:
        """Return every static file as it is published."""
        return tuple(Output(output_path(n, b), b) for n, b in sorted(self.files.items()))


def output_path(name: str, content: bytes) -> str:
    """Return the output path of ``static/NAME``, with a content hash for CSS and JS."""
    if name in ROOT_FILES:
        return name
    pure = PurePosixPath(STATIC_PREFIX, name)
    if pure.suffix not in FINGERPRINTED:
        return str(pure)
    digest = hashlib.sha256(content).hexdigest()[:10]
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))


def _sha256_b64(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def read_assets(static_dir: Path) -> Assets:
    """Read every file under ``static_dir`` in a sorted, deterministic walk."""
    if not static_dir.is_dir():
        return Assets({})
    try:
        files = {
            p.relative_to(static_dir).as_posix(): p.read_bytes()
            for p in sorted(static_dir.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }
    except OSError as exc:
        raise GuideError(
            (Problem("static", f"无法读取静态文件：{exc.strerror}", "static"),)
        ) from exc
    return Assets(files)
