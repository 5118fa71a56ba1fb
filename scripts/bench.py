"""Benchmark claude-lint against its peers on the same trees, in the same run.

    python scripts/bench.py TREE [TREE ...] [--runs 3] [--skip bandit,semgrep]

Clones nothing: give it paths to trees you have.  For each tree it times, as separate
processes, medians of ``--runs`` runs (wall seconds and peak RSS of that process):

* ``regex pass``  — a plain Python pass that reads every file under the tree and runs one
  bytes regex over it (the floor: reading the tree);
* ``claude-lint`` — ``claude-lint check TREE`` with a cold (empty) cache, all cores;
* ``claude-lint warm`` — the same with the cache filled by the previous run;
* ``claude-lint 1 core`` — cold, ``--jobs 1``;
* ``bandit -r``   — bandit over the tree;
* ``semgrep``     — semgrep with a handful of rules (claude-lint's own rules/ folder plus
  a few Python patterns), offline.

and prints a table of medians with ratios against claude-lint (cold).  It also times a
pre-commit style run on 10 Python files of the first tree (warm cache, interpreter start-up
included).  Not part of the test suite: timings belong in a report, not in assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REGEX_PASS = r"""
import os, re, sys
rx = re.compile(rb"(?i)anthropic|claude|sk-ant-")
n = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", "__pycache__", ".venv", "venv")]
    for name in filenames:
        try:
            with open(os.path.join(dirpath, name), "rb") as fh:
                if rx.search(fh.read()):
                    n += 1
        except OSError:
            pass
print(n)
"""

SEMGREP_RULES = """
rules:
  - id: bench-anthropic-client
    languages: [python]
    severity: INFO
    message: client
    pattern-either:
      - pattern: anthropic.Anthropic(...)
      - pattern: anthropic.AnthropicBedrock(...)
      - pattern: anthropic.AnthropicVertex(...)
  - id: bench-messages-create
    languages: [python]
    severity: INFO
    message: request
    pattern: $C.messages.create(...)
  - id: bench-hardcoded-key
    languages: [python]
    severity: ERROR
    message: key
    pattern-regex: sk-ant-api03-[A-Za-z0-9_-]{93}AA
  - id: bench-print-response
    languages: [python]
    severity: WARNING
    message: print
    pattern: print($X.content)
"""


def measure(argv: list[str], cwd: Path | None = None, env: dict | None = None, ok=(0, 1)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process; a run that failed is an error, not a
    suspiciously fast timing."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if code not in ok:
        raise RuntimeError(f"{' '.join(argv[:3])}... exited {code}: {err.strip()[-400:]}")
    return wall, usage.ru_maxrss / 1024.0


def median_of(runs: int, fn) -> tuple[float, float]:
    walls, rss = [], []
    for _ in range(runs):
        w, r = fn()
        walls.append(w)
        rss.append(r)
    return statistics.median(walls), max(rss)


def tree_stats(tree: Path) -> tuple[int, float, int]:
    files = py = 0
    size = 0
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", "__pycache__")]
        for name in filenames:
            files += 1
            p = os.path.join(dirpath, name)
            if name.endswith(".py"):
                py += 1
                try:
                    size += os.path.getsize(p)
                except OSError:
                    pass
    return files, size / 1e6, py


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trees", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peer-runs", type=int, default=0,
                    help="runs of bandit and semgrep (default: --runs; 1 saves minutes on big trees, "
                         "but the issue's table wants medians of 3)")
    ap.add_argument("--skip", default="", help="comma-separated tools to skip: bandit,semgrep")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    claude_lint = shutil.which("claude-lint") or sys.exit("claude-lint is not installed")
    work = Path(tempfile.mkdtemp(prefix="claude-lint-bench-"))
    rules = work / "bench-rules.yaml"
    rules.write_text(SEMGREP_RULES)
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off", "CI": "1"}
    # claude-lint's own semgrep rules join the handful, when there are any
    semgrep_builtin = [a for p in sorted((ROOT / "rules").glob("*.yaml")) for a in ("--config", str(p))]

    rows: list[tuple[str, str, float, float]] = []
    for tree in args.trees:
        tree = tree.resolve()
        files, mb, py = tree_stats(tree)
        label = f"{tree.name} ({files} files, {py} .py, {mb:.1f} MB of Python)"
        print(f"== {label}", flush=True)
        cache = work / f"cache-{tree.name}"

        def cold(jobs=None):
            shutil.rmtree(cache, ignore_errors=True)
            argv = [claude_lint, "check", str(tree), "--exit-zero", "--cache-dir", str(cache)]
            if jobs:
                argv += ["--jobs", str(jobs)]
            return measure(argv, env=env)

        tools = {
            "regex pass": lambda: measure([sys.executable, "-c", REGEX_PASS, str(tree)]),
            "claude-lint": cold,
            "claude-lint warm": lambda: measure(
                [claude_lint, "check", str(tree), "--exit-zero", "--cache-dir", str(cache)], env=env
            ),
            "claude-lint 1 core": lambda: cold(1),
        }
        if "bandit" not in skip and shutil.which("bandit"):
            tools["bandit -r"] = lambda: measure(["bandit", "-r", "-q", "-f", "json", "-o", os.devnull, str(tree)])
        if "semgrep" not in skip and shutil.which("semgrep"):
            tools["semgrep (5 rules)"] = lambda: measure(
                ["semgrep", "scan", "--metrics=off", "--disable-version-check", "--quiet", "--json",
                 "-o", os.devnull, "--config", str(rules), *semgrep_builtin, str(tree)],
                env=env,
            )
        results = {}
        for name, fn in tools.items():
            slow_peer = name.startswith(("bandit", "semgrep"))
            runs = args.peer_runs if slow_peer and args.peer_runs else args.runs
            try:
                results[name] = median_of(runs, fn)
            except RuntimeError as exc:
                print(f"   {name:22s} FAILED: {exc}", flush=True)
                continue
            print(f"   {name:22s} {results[name][0]:8.2f} s  {results[name][1]:7.0f} MB  (median of {runs})", flush=True)
        base = results["claude-lint"][0]
        for name, (wall, rss) in results.items():
            rows.append((label, name, wall, rss))
        print()
        print(f"   {'tool':22s} {'median s':>9s} {'peak MB':>8s}  ratio to claude-lint")
        for name, (wall, rss) in results.items():
            ratio = wall / base if base else float("nan")
            print(f"   {name:22s} {wall:9.2f} {rss:8.0f}  {ratio:6.2f}x")
        print()

    # pre-commit style: 10 Python files of the first tree, warm cache
    first = args.trees[0].resolve()
    staged = sorted(str(p) for p in first.rglob("*.py"))[:10]
    if staged:
        cache = work / "cache-precommit"
        measure([claude_lint, "check", *staged, "--exit-zero", "--cache-dir", str(cache)], env=env)
        wall, rss = median_of(
            max(3, args.runs),
            lambda: measure([claude_lint, "check", *staged, "--exit-zero", "--cache-dir", str(cache)], env=env),
        )
        print(f"pre-commit style run on {len(staged)} files (warm cache, start-up included): {wall:.3f} s, {rss:.0f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
