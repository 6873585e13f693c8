"""The benchmark corpus as a huabei-guide project: generated content plus this repo's theme."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEN_CORPUS = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def make_project(count: int, root: Path) -> None:
    """Write ``count`` generated articles under ROOT/content with this repo's site settings."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(GEN_CORPUS), str(count), str(root), "--flavor", "huabei"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    shutil.copy2(REPO / "site.yaml", root / "site.yaml")
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    # site.yaml names footer notices, so the generated content needs them too.
    notices = REPO / "content" / "_notices"
    if notices.is_dir():
        shutil.copytree(notices, root / "content" / "_notices", dirs_exist_ok=True)
