"""Cold full-build benchmark: huabei-guide against Hugo, Pelican, MkDocs, Eleventy and Hexo.

Usage (from the repository root)::

    .venv/bin/python benchmarks/build_bench.py                    # N = 1000 and 10000, 3 runs
    .venv/bin/python benchmarks/build_bench.py --sizes 1000 --runs 5 --peers hugo,pelican

For every size N the shared generator (``shared/bench/gen_corpus.py``, found two levels above this
folder) writes the same seeded corpus once per tool: ours gets ``--flavor huabei`` plus this
repository's ``site.yaml``, ``templates/``, ``static/`` and ``content/_notices/`` (the footer
notices that ``site.yaml`` names) and no ``urls.lock``; each peer gets its minimal site from
``shared/bench/setup_peers.sh N`` under ``$PEERS_DIR/sites``. Every run is a cold full build: the
output directory and the tool's caches (and our ``urls.lock``) are deleted first. Runs go in
rounds (each tool once per round) so that slow phases of a noisy disk hit all tools alike.

Reported per tool and size: median wall time, the fastest and slowest run, peak RSS of the largest
single process (GNU ``time -v``, or ``getrusage(RUSAGE_CHILDREN)`` in a fresh wrapper process),
the sampled peak of the summed RSS of the whole process tree (what ``--jobs 2`` really costs),
the number of HTML pages written, and the ratio of the tool's median to ours. A reproducibility
check then builds the same corpus from a second copy of the project at another absolute path and
compares the sha256 of every output file (and ``--jobs 1`` against ``--jobs 2``).

Peers that are not installed are skipped with a note (install them as ``benchmarks/README.md``
says). A run longer than ``--timeout`` seconds is killed and the tool is dropped for that size; a
tool whose time at a smaller size, scaled to N, predicts more than the timeout is not started
(MkDocs with its default navigation grows with N², the others are scaled linearly).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus import GEN_CORPUS, make_project  # benchmarks/ is on sys.path when run as a script

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
SETUP_PEERS = SHARED / "setup_peers.sh"
GNU_TIME = Path("/usr/bin/time")
PEERS = ("hugo", "pelican", "mkdocs", "eleventy", "hexo")
OURS = "huabei-guide"
SAMPLE_INTERVAL = 0.1
RSS_LINE = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
ERROR_LINE = re.compile(r"错误|error|Error|Traceback|Exception")

# Runs a command in a fresh process and writes the peak RSS of its children (kB) to argv[1].
RUSAGE_WRAPPER = """
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as f:
    f.write(f"Maximum resident set size (kbytes): {peak}\\n")
sys.exit(rc)
"""


@dataclass
class Tool:
    """One benchmarked command: how to run it in its site folder and what a cold run deletes."""

    name: str
    site: Path
    argv: list[str]
    output: str
    clean: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    growth: float = 1.0


@dataclass
class Sample:
    """One timed run."""

    seconds: float
    rss_kb: int | None
    tree_kb: int | None
    returncode: int
    timed_out: bool


@dataclass
class Result:
    """All runs of one tool at one size, and what became of them."""

    tool: str
    size: int
    samples: list[Sample] = field(default_factory=list)
    pages: int | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.samples) and not self.note

    @property
    def median(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.ok else None


# ----------------------------------------------------------------------------- measuring


def _vmrss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as f:
                found.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return found


def tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over ``root`` and all its descendants right now."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _vmrss_kb(pid)
        stack.extend(_children(pid))
    return total


def can_sample_tree() -> bool:
    return Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def run_once(tool: Tool, log: Path, timeout: float) -> Sample:
    """Delete outputs and caches, then time one build; kill its process group on timeout."""
    for name in (tool.output, *tool.clean):
        remove(tool.site / name)
    rss_file = log.with_suffix(".rss")
    remove(rss_file)
    if GNU_TIME.exists():
        argv = [str(GNU_TIME), "-v", "-o", str(rss_file), *tool.argv]
    else:
        argv = [sys.executable, "-c", RUSAGE_WRAPPER, str(rss_file), *tool.argv]
    env = {**os.environ, **tool.env}
    sampling = can_sample_tree()
    peak_tree = 0
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=tool.site,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_tree
            while not done.wait(SAMPLE_INTERVAL):
                peak_tree = max(peak_tree, tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if sampling:
            sampler.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        seconds = time.perf_counter() - started
        done.set()
        if sampling:
            sampler.join()
    rss: int | None = None
    if rss_file.exists():
        match = RSS_LINE.search(rss_file.read_text(encoding="utf-8", errors="replace"))
        rss = int(match.group(1)) if match else None
    return Sample(seconds, rss, peak_tree if sampling else None, proc.returncode, timed_out)


def count_pages(out: Path) -> int:
    return sum(1 for p in out.rglob("*.html") if p.is_file()) if out.is_dir() else 0


def error_excerpt(log: Path, limit: int = 30) -> str:
    """The error lines of a failed run's output (or its tail when none stand out)."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    picked = [line for line in lines if ERROR_LINE.search(line)] or lines
    shown = picked[:limit] if picked is not lines else picked[-limit:]
    more = f"\n    … ({len(picked) - limit} more)" if len(picked) > limit else ""
    return "\n".join("    " + line for line in shown) + more


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- setting up


def peers_dir() -> Path:
    env = os.environ.get("PEERS_DIR")
    return Path(env) if env else Path(tempfile.gettempdir()) / "peers"


def our_cli() -> Path:
    beside = Path(sys.executable).parent / OURS
    return beside if beside.exists() else REPO / ".venv" / "bin" / OURS


def installed_peers(pdir: Path) -> dict[str, str]:
    """Peer name → why it cannot run ('' when it can)."""
    venv, node = pdir / "venv" / "bin", pdir / "node"
    hexo_site = node / "hexo-site"
    missing = {
        "hugo": "" if shutil.which("hugo") else "hugo not on PATH (apt-get install hugo)",
        "pelican": "" if (venv / "pelican").exists() else f"{venv}/pelican missing",
        "mkdocs": "" if (venv / "mkdocs").exists() else f"{venv}/mkdocs missing",
        "eleventy": ""
        if (node / "node_modules/.bin/eleventy").exists()
        else f"{node}/node_modules/.bin/eleventy missing",
        "hexo": ""
        if (hexo_site / "node_modules/.bin/hexo").exists() and (hexo_site / "package.json").exists()
        else f"{hexo_site} not set up",
    }
    if not shutil.which("npx"):
        for name in ("eleventy", "hexo"):
            missing[name] = missing[name] or "npx not on PATH"
    return missing


def make_our_site(size: int, site: Path) -> None:
    remove(site)
    make_project(size, site)


def copy_project(src: Path, dst: Path) -> None:
    remove(dst)
    dst.mkdir(parents=True)
    shutil.copy2(src / "site.yaml", dst / "site.yaml")
    for name in ("content", "templates", "static"):
        shutil.copytree(src / name, dst / name)


def our_tool(site: Path, jobs: int, out: str) -> Tool:
    argv = [
        str(our_cli()),
        "build",
        "-C",
        str(site),
        "--out",
        str(site / out),
        "--jobs",
        str(jobs),
        "--quiet",
        "--future",
    ]
    return Tool(f"{OURS} --jobs {jobs}", site, argv, out, clean=("urls.lock",))


def peer_tools(name: str, size: int, pdir: Path) -> list[Tool]:
    venv = pdir / "venv" / "bin"
    site = pdir / "sites" / f"{name}-{size}"
    if name == "hugo":
        return [
            Tool(
                "hugo",
                site,
                ["hugo", "--quiet", "--buildFuture", "-s", str(site)],
                "public",
                clean=("resources", ".hugo_cache", ".hugo_build.lock"),
                env={"HUGO_CACHEDIR": str(site / ".hugo_cache")},
            )
        ]
    if name == "pelican":
        argv = [str(venv / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output"]
        return [Tool("pelican", site, argv, "output", clean=("cache", "__pycache__"))]
    if name == "mkdocs":
        return [
            Tool(
                "mkdocs",
                site,
                [str(venv / "mkdocs"), "build", "-q", "-f", "mkdocs.yml"],
                "site",
                growth=2.0,
            ),
            Tool(
                "mkdocs (smallnav)",
                site,
                [str(venv / "mkdocs"), "build", "-q", "-f", "mkdocs-smallnav.yml"],
                "site",
            ),
        ]
    node_env = {"npm_config_update_notifier": "false", "npm_config_fund": "false"}
    if name == "eleventy":
        return [
            Tool(
                "eleventy",
                site,
                ["npx", "@11ty/eleventy", "--quiet"],
                "_site",
                clean=(".cache",),
                env=node_env,
            )
        ]
    return [
        Tool("hexo", site, ["npx", "hexo", "generate"], "public", clean=("db.json",), env=node_env)
    ]


def versions(peers: list[str], pdir: Path) -> dict[str, str]:
    def first_line(argv: list[str]) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        except OSError:
            return "?"
        return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"

    def npm_version(package_json: Path) -> str:
        try:
            return str(json.loads(package_json.read_text(encoding="utf-8"))["version"])
        except (OSError, ValueError, KeyError):
            return "?"

    found = {OURS: first_line([str(our_cli()), "--version"]), "python": platform.python_version()}
    venv = pdir / "venv" / "bin"
    for name in peers:
        if name == "hugo":
            found[name] = first_line(["hugo", "version"])
        elif name in ("pelican", "mkdocs"):
            found[name] = first_line([str(venv / name), "--version"])
        elif name == "eleventy":
            found[name] = npm_version(pdir / "node/node_modules/@11ty/eleventy/package.json")
        elif name == "hexo":
            found[name] = npm_version(pdir / "node/hexo-site/node_modules/hexo/package.json")
    if {"eleventy", "hexo"} & set(peers):
        found["node"] = first_line(["node", "--version"])
    return found


# ----------------------------------------------------------------------------- reproducibility


def digests(root: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def compare_trees(a: Path, b: Path) -> tuple[bool, str]:
    da, db = digests(a), digests(b)
    only_a, only_b = sorted(da.keys() - db.keys()), sorted(db.keys() - da.keys())
    differ = sorted(k for k in da.keys() & db.keys() if da[k] != db[k])
    if not (only_a or only_b or differ):
        return True, f"byte-identical ({len(da)} files, sha256 of every file)"
    parts = []
    for label, names in (
        ("only in first", only_a),
        ("only in second", only_b),
        ("content differs", differ),
    ):
        if names:
            shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
            parts.append(f"{len(names)} {label}: {shown}")
    return False, "DIFFERENT — " + "; ".join(parts)


def reproducibility(
    size: int, site: Path, work: Path, *, j1_ok: bool, j2_ok: bool, timeout: float
) -> list[str]:
    """Build from a second copy at another absolute path and compare outputs file by file."""
    lines = []
    first = site / "public-j1"
    if not j1_ok:
        sample = run_once(our_tool(site, 1, "public-j1"), work / "repro-a.log", timeout)
        if sample.returncode != 0:
            return [
                f"N={size}: first reproducibility build failed:\n"
                + error_excerpt(work / "repro-a.log")
            ]
    other = work / "elsewhere" / "a-longer-path" / f"project-copy-{size}"
    copy_project(site, other)
    sample = run_once(our_tool(other, 1, "out-elsewhere"), work / "repro-b.log", timeout)
    if sample.returncode != 0:
        return [
            f"N={size}: second reproducibility build failed:\n"
            + error_excerpt(work / "repro-b.log")
        ]
    _, detail = compare_trees(first, other / "out-elsewhere")
    lines.append(f"N={size}: {site} vs {other} (both --jobs 1): {detail}")
    if j2_ok:
        _, detail = compare_trees(first, site / "public-j2")
        lines.append(f"N={size}: --jobs 1 vs --jobs 2: {detail}")
    remove(other)
    return lines


# ----------------------------------------------------------------------------- the benchmark


def predicted_skip(tool: Tool, size: int, done: list[Result], timeout: float) -> str:
    earlier = [r for r in done if r.tool == tool.name and r.size < size and r.ok]
    if not earlier:
        return ""
    base = max(earlier, key=lambda r: r.size)
    assert base.median is not None
    guess = base.median * (size / base.size) ** tool.growth
    if guess <= timeout:
        return ""
    return (
        f"not run: {base.median:.1f} s at N={base.size} predicts ~{guess:.0f} s "
        f"> --timeout {timeout:.0f} s"
    )


def bench_size(
    size: int,
    peers: list[str],
    args: argparse.Namespace,
    work: Path,
    *,
    done: list[Result],
    repro: list[str],
) -> None:
    pdir = peers_dir()
    size_dir = work / f"n{size}"
    site = size_dir / "site"
    say(f"== N={size}: generating corpora")
    make_our_site(size, site)
    if peers:
        with (size_dir / "setup_peers.log").open("wb") as setup_log:
            subprocess.run(
                ["bash", str(SETUP_PEERS), str(size), *peers],
                check=True,
                env={**os.environ, "PEERS_DIR": str(pdir)},
                stdout=setup_log,
                stderr=subprocess.STDOUT,
            )
    tools = [our_tool(site, 1, "public-j1"), our_tool(site, 2, "public-j2")]
    for name in peers:
        tools.extend(peer_tools(name, size, pdir))
    results = {t.name: Result(t.name, size) for t in tools}
    active = []
    for tool in tools:
        note = "" if args.no_predict_skip else predicted_skip(tool, size, done, args.timeout)
        if note:
            results[tool.name].note = note
            say(f"   {tool.name}: {note}")
        else:
            active.append(tool)
    for round_no in range(1, args.runs + 1):
        for tool in list(active):
            result = results[tool.name]
            log = size_dir / f"{tool.name.replace(' ', '_')}-{round_no}.log"
            sample = run_once(tool, log, args.timeout)
            result.samples.append(sample)
            rss = f"{sample.rss_kb / 1024:.0f} MB" if sample.rss_kb else "? MB"
            say(f"   run {round_no}/{args.runs} {tool.name:<22} {sample.seconds:8.2f} s  {rss}")
            if sample.timed_out:
                result.note = f"killed after {args.timeout:.0f} s (run {round_no})"
            elif sample.returncode != 0:
                result.note = f"failed with exit code {sample.returncode} (run {round_no})"
                say(f"   {tool.name} FAILED: {' '.join(tool.argv)}\n{error_excerpt(log)}")
            if result.note:
                active.remove(tool)
    for tool in tools:  # count first: the two MkDocs variants share one output folder
        if results[tool.name].ok:
            results[tool.name].pages = count_pages(tool.site / tool.output)
    for tool in tools:
        if tool.site != site and not args.keep:
            remove(tool.site / tool.output)
    done.extend(results.values())
    if not args.no_repro:
        say(f"== N={size}: reproducibility")
        repro.extend(
            reproducibility(
                size,
                site,
                size_dir,
                j1_ok=results[f"{OURS} --jobs 1"].ok,
                j2_ok=results[f"{OURS} --jobs 2"].ok,
                timeout=args.timeout,
            )
        )
    if not args.keep:
        remove(size_dir)


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    found = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return found[0] if found else platform.processor() or "?"


def load_average() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def mb(kb: int | None) -> str:
    return f"{kb / 1024:.0f}" if kb else "-"


def table(results: list[Result]) -> str:
    """One row per tool and size; the last column holds why a tool has no figures."""
    head = (
        "tool",
        "N",
        "median s",
        "min-max s",
        "peak RSS MB",
        "tree RSS MB",
        "pages",
        "÷ ours j1",
        "÷ ours j2",
        "note",
    )
    rows: list[tuple[str, ...]] = []
    for r in results:
        if not r.ok or r.median is None:
            rows.append((r.tool, str(r.size), *("-" * 7), r.note))
            continue
        secs = [s.seconds for s in r.samples]
        ratios = []
        for jobs in (1, 2):
            ours = next(
                (
                    o.median
                    for o in results
                    if o.size == r.size and o.tool == f"{OURS} --jobs {jobs}"
                ),
                None,
            )
            ratios.append(f"{r.median / ours:.2f}" if ours else "-")
        rows.append(
            (
                r.tool,
                str(r.size),
                f"{r.median:.2f}",
                f"{min(secs):.2f}-{max(secs):.2f}",
                mb(max((s.rss_kb or 0) for s in r.samples)),
                mb(max((s.tree_kb or 0) for s in r.samples)),
                str(r.pages),
                *ratios,
                "",
            )
        )
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(len(head) - 1)]
    lines = []
    for k, row in enumerate((head, *rows)):
        cells = [
            c.rjust(w) if k and i else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append((" | ".join(cells) + (" | " + row[-1] if row[-1] else "")).rstrip())
        if k == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--runs", type=int, default=3, help="cold builds per tool and size (>= 3)")
    ap.add_argument(
        "--peers",
        default=",".join(PEERS),
        help=f"comma-separated subset of {','.join(PEERS)} ('' for none)",
    )
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is killed")
    ap.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "huabei-build-bench",
        help="where our corpora are generated (peers: $PEERS_DIR/sites)",
    )
    ap.add_argument("--json", type=Path, help="also write all samples to this JSON file")
    ap.add_argument("--keep", action="store_true", help="keep corpora and outputs")
    ap.add_argument("--no-repro", action="store_true", help="skip the reproducibility check")
    ap.add_argument(
        "--no-predict-skip",
        action="store_true",
        help="start every tool even when a smaller size predicts a timeout",
    )
    args = ap.parse_args(argv)
    if args.runs < 3:
        ap.error("--runs must be at least 3 (medians of fewer runs are not reported)")
    args.size_list = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.peer_list = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = set(args.peer_list) - set(PEERS)
    if unknown:
        ap.error(f"unknown peers: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for needed in (GEN_CORPUS, SETUP_PEERS, our_cli()):
        if not needed.exists():
            say(f"missing {needed}")
            return 2
    pdir = peers_dir()
    missing = installed_peers(pdir)
    notes = [f"{p}: skipped, not installed ({missing[p]})" for p in args.peer_list if missing[p]]
    peers = [p for p in args.peer_list if not missing[p]]
    for note in notes:
        say(note)
    load_start = load_average()
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    repro: list[str] = []
    for size in args.size_list:
        bench_size(size, peers, args, work, done=results, repro=repro)

    command = " ".join([".venv/bin/python benchmarks/build_bench.py", *(argv or sys.argv[1:])])
    print(f"$ {command}")
    print(
        f"machine: {os.cpu_count()} CPUs ({cpu_model()}); runs per tool: {args.runs}; "
        f"cold builds; timeout {args.timeout:.0f} s; load average at start {load_start}, "
        f"at end {load_average()}"
    )
    print("versions: " + "; ".join(f"{k} {v}" for k, v in versions(peers, pdir).items()))
    rss_from = "GNU time -v" if GNU_TIME.exists() else "getrusage(RUSAGE_CHILDREN)"
    print(
        f"peak RSS = largest single process ({rss_from}), max over runs; tree RSS = sampled "
        f"peak of the summed RSS of all processes (every {SAMPLE_INTERVAL} s); "
        "÷ ours = tool median / huabei-guide median (> 1: ours is faster)"
    )
    print()
    print(table(results))
    for note in notes:
        print(f"note: {note}")
    if repro:
        print()
        print("reproducibility:")
        for line in repro:
            print(f"  {line}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    ours_failed = any(r.tool.startswith(OURS) and r.note.startswith("failed") for r in results)
    not_reproducible = any("DIFFERENT" in line or "failed" in line for line in repro)
    return 1 if ours_failed or not_reproducible else 0


if __name__ == "__main__":
    sys.exit(main())
