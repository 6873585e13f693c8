"""Write the built site: everything to a temporary sibling, then one swap into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from huabei_guide.errors import GuideError, Problem
from huabei_guide.model import Output


def _safe_relative(path: str) -> PurePosixPath:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise GuideError((Problem("output", f"输出路径 {path} 不在输出文件夹内", path),))
    return pure


def write_site(outputs: Iterable[Output], out_dir: Path) -> int:
    """Write every output under a temporary sibling of ``out_dir``, then swap it in."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    count = 0
    try:
        for output in outputs:
            target = staging.joinpath(*_safe_relative(output.path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(output.content)
            count += 1
        staging.chmod(0o755)
        _swap(staging, out_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        problem = Problem("output", f"无法写入输出文件夹：{exc.strerror}", str(out_dir.name))
        raise GuideError((problem,)) from exc
    except GuideError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with ``staging``; the old tree is removed only after the rename."""
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
    os.replace(out_dir, old / "tree")
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise
