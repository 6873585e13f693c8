"""Build a large generated corpus and report the size of its search index and query downloads.

Usage: python benchmarks/search_bench.py [--count 10000] [--keep DIR] [QUERY ...]

Generates COUNT articles with shared/bench/gen_corpus.py (flavour huabei), copies the repo's
site.yaml, templates, static and notices next to them, builds with ``huabei-guide build`` and
prints: index size, shard counts, the biggest shard gzipped, and for each query the bytes a
first search downloads (index.json + search.js + the shards its tokens need + the document
chunks of the 20 candidates search.js looks at), all gzipped.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import math
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from corpus import make_project  # benchmarks/ is on sys.path when run as a script

from huabei_guide.search_index import fold, token_shard

REPO = Path(__file__).resolve().parents[1]
QUERIES = ("花呗", "协商", "逾期利息", "征信", "还款日可以修改吗", "95188", "停息挂账", "催")
CANDIDATES = 20  # search.js loads the document chunks of this many top candidates


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def build(root: Path) -> float:
    started = time.perf_counter()
    # The generated dates run past today, so --future; --quiet hides its review warnings.
    command = [sys.executable, "-m", "huabei_guide", "build", "-C", str(root), "--future", "-q"]
    subprocess.run([*command, "--out", str(root / "public")], check=True, cwd=REPO)
    return time.perf_counter() - started


def query_tokens(query: str, index: dict[str, object]) -> list[str]:
    """Mirror search.js for CJK and ASCII-word queries (pinyin segmentation left out)."""
    table = index["ts"]
    assert isinstance(table, dict)
    text = "".join(table.get(c, c) for c in fold(query.strip()))
    tokens: list[str] = []
    for run in text.split():
        if run.isascii() or len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(tokens))


def shard_file(token: str, index: dict[str, list[str]]) -> str:
    names = index["chars"] if len(token) == 1 and not token.isascii() else index["shards"]
    return names[token_shard(token, len(names))]


def candidates(tokens: list[str], shards: dict[str, dict[str, list[int]]], n: int) -> list[int]:
    """Rank documents roughly as search.js does before it loads them: coverage, then weight."""
    hits: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for token in tokens:
        postings = next((s[token] for s in shards.values() if token in s), None)
        if postings is None:
            continue
        idf = math.log(1 + n / (len(postings) / 2))
        doc = 0
        for i in range(0, len(postings), 2):
            doc += postings[i]
            hits[doc][0] += 1
            hits[doc][1] += idf * postings[i + 1]
    ranked = sorted(hits, key=lambda d: (-hits[d][0], -hits[d][1], d))
    return ranked[:CANDIDATES]


def chunk_names(docs: list[int], chunks: list[list[object]]) -> set[str]:
    starts = [int(str(start)) for _, start in chunks]
    return {str(chunks[bisect.bisect_right(starts, d) - 1][0]) for d in docs}


def first_query(search: Path, script: bytes, query: str) -> tuple[int, int]:
    """Return (bytes gzipped, files) that a first search for ``query`` downloads."""
    index = json.loads((search / "index.json").read_bytes())
    tokens = query_tokens(query, index)
    names = {shard_file(t, index) for t in tokens}
    shards = {name: json.loads((search / name).read_bytes()) for name in names}
    docs = candidates(tokens, shards, index["n"])
    names |= chunk_names(docs, index["metas"]) | chunk_names(docs, index["texts"])
    total = gz((search / "index.json").read_bytes()) + gz(script)
    total += sum(gz((search / name).read_bytes()) for name in names)
    return total, len(names) + 2


def report(public: Path, queries: list[str]) -> None:
    search = public / "search"
    index = json.loads((search / "index.json").read_bytes())
    files = sorted(search.glob("*.json"))
    sizes = {f.name: (f.stat().st_size, gz(f.read_bytes())) for f in files}
    print(f"documents:        {index['n']}")
    print(
        f"index files:      {len(files)}, {sum(r for r, _ in sizes.values()) / 1e3:.0f} KB raw, "
        f"{sum(g for _, g in sizes.values()) / 1e3:.0f} KB gzipped"
    )
    print(f"index.json:       {sizes['index.json'][1]} B gzipped")
    for kind in ("shards", "chars", "metas", "texts"):
        names = [n if isinstance(n, str) else n[0] for n in index[kind]]
        biggest = max(sizes[n][1] for n in names)
        print(f"{kind + ':':17} {len(names)} files, biggest {biggest} B gzipped")
    script = next(public.glob("static/js/search.*.js")).read_bytes()
    print(f"search.js:        {gz(script)} B gzipped")
    for query in queries:
        total, count = first_query(search, script, query)
        print(f"first query {query!r}: {total / 1000:.1f} KB gzipped in {count} files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch) / "site"
        if not (root / "public" / "search" / "index.json").exists():
            make_project(args.count, root)
            print(f"build:            {build(root):.1f} s for {args.count} articles")
        report(root / "public", args.queries)


if __name__ == "__main__":
    main()
