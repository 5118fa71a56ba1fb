"""Benchmark claude-lint against its peers on the same trees, in the same run.

    python scripts/bench.py TREE [TREE ...] [--runs 3] [--peer-runs 1] [--skip bandit,semgrep] [--quick]

``--quick``: claude-lint and the two floors only (no bandit, semgrep, warm or 1-core runs;
bandit and semgrep take minutes on these trees on a loaded 2-core machine), one run each.

The benchmark set (issue 14): sympy (no Claude: pip download --no-deps sympy==1.14.0 and
unzip the wheel), agno, pydantic-ai (Claude-heavy, and the benchmark's tree with many large
YAML/JSON files: 1,454 YAML files, most of them recorded HTTP cassettes, 158 MB — its data
files must cost one prefilter each) and litellm (Claude-heavy).
Clones nothing: give it paths to trees you have.  For each tree it times, as separate
processes, medians of ``--runs`` runs (wall seconds, CPU seconds of the process and its
children — fairer on a shared machine — and peak RSS of the largest process):

* ``regex pass``  — a plain Python pass that reads every file under the tree and runs one
  bytes regex over it (the floor: reading the tree);
* ``ast.parse``   — one process that reads and ``ast.parse``-s, serially, the files
  claude-lint parses (Python files that mention Claude): the floor of an AST analyser;
* ``claude-lint`` — ``claude-lint check TREE`` with a cold (empty) cache, all cores;
* ``claude-lint warm`` — the same with the cache filled by the previous run;
* ``claude-lint 1 core`` — cold, ``--jobs 1``;
* ``bandit -r``   — bandit over the tree (``pip install 'claude-lint[bench]'``);
* ``semgrep``     — semgrep with the 5 rules below plus claude-lint's own rules/ folder,
  offline.

and prints a table of medians, the issue's ratios against their goals, and the time split by
phase of one more cold run, read from ``claude-lint check --timings`` with the CPU clock
(``CLAUDE_LINT_TIMINGS=cpu``: discovery, prefilter, parse, analysis per rule, project
summaries, prefilter stage 2, semgrep, output; CPU seconds summed over the workers) so a
regression points at its phase.  It also times a pre-commit style run on 10 Python files of the first
tree (warm cache, interpreter start-up included).  Not part of the test suite: timings
belong in a report, not in assertions.
"""

from __future__ import annotations

import argparse
import os
import re
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


PARSE_PASS = r"""
import ast, sys, warnings
warnings.simplefilter("ignore")
n = 0
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    try:
        with open(path, "rb") as fh:
            ast.parse(fh.read())
        n += 1
    except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
        pass
print(n)
"""


def measure(
    argv: list[str], cwd: Path | None = None, env: dict | None = None, ok=(0, 1), stderr: list | None = None
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, the process and the children it waited
    for) and peak RSS (MB, of the largest of them) of one process; a run that failed is an
    error, not a suspiciously fast timing.  ``stderr``: a list that receives its stderr."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err_bytes = proc.stderr.read() if proc.stderr else b""  # before wait: a full pipe would block it
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    err = err_bytes.decode("utf-8", "replace")
    if code not in ok:
        raise RuntimeError(f"{' '.join(argv[:3])}... exited {code}: {err.strip()[-400:]}")
    if stderr is not None:
        stderr.append(err)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def median_of(runs: int, fn) -> tuple[float, float, float]:
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        w, c, r = fn()
        walls.append(w)
        cpus.append(c)
        rss.append(r)
    return statistics.median(walls), statistics.median(cpus), max(rss)


def tree_stats(tree: Path) -> dict:
    out = {"files": 0, "py": 0, "py_mb": 0.0, "data": 0, "data_mb": 0.0}
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", "__pycache__")]
        for name in filenames:
            out["files"] += 1
            try:
                size = os.path.getsize(os.path.join(dirpath, name)) / 1e6
            except OSError:
                continue
            if name.endswith(".py"):
                out["py"] += 1
                out["py_mb"] += size
            elif name.endswith((".yaml", ".yml", ".json", ".lock")):
                out["data"] += 1
                out["data_mb"] += size
    return out


def parse_candidates(tree: Path) -> list[str]:
    """The files claude-lint parses: Python files its discovery yields that mention Claude."""
    sys.path.insert(0, str(ROOT))
    from claude_lint.discover import discover
    from claude_lint.engines.python import PREFILTER_RE

    out = []
    for sf in discover([tree], tree, []):
        if sf.path.suffix.lower() in (".py", ".pyi", ".pyw"):
            try:
                if PREFILTER_RE.search(sf.path.read_bytes()):
                    out.append(str(sf.path))
            except OSError:
                pass
    return out


_PHASE_LINE = re.compile(r"^  (.+?)\s+([0-9.]+) s\s+[0-9.]+ %\s+(\d+)$")


def phase_split(text: str) -> dict[str, float]:
    phases = {}
    for line in text.splitlines():
        m = _PHASE_LINE.match(line)
        if m:
            phases[m.group(1).strip()] = float(m.group(2))
    return phases


def print_phases(phases: dict[str, float]) -> None:
    total = sum(phases.values()) or 1.0
    rules = {k: v for k, v in phases.items() if k.startswith("rule ")}
    print("   time by phase (CPU s, summed over the workers; one cold run):")
    for name, secs in phases.items():
        if name in rules:
            continue
        print(f"     {name:32s} {secs:8.2f} s {100 * secs / total:5.1f} %")
    rsum = sum(rules.values())
    print(f"     {'analysis (all rules)':32s} {rsum:8.2f} s {100 * rsum / total:5.1f} %")
    for name, secs in sorted(rules.items(), key=lambda kv: -kv[1]):
        if secs >= 0.005:
            print(f"       {name[5:]:30s} {secs:8.2f} s {100 * secs / total:5.1f} %")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trees", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--peer-runs",
        type=int,
        default=0,
        help="runs of bandit and semgrep (default: --runs; 1 saves minutes on big trees, "
        "but the issue's table wants medians of 3)",
    )
    ap.add_argument("--skip", default="", help="comma-separated tools to skip: bandit,semgrep,warm,1core,phases")
    ap.add_argument("--quick", action="store_true", help="skip bandit, semgrep, warm and 1-core runs; one run each")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if args.quick:
        skip |= {"bandit", "semgrep", "warm", "1core"}
        args.runs = 1
    claude_lint = shutil.which("claude-lint") or sys.exit("claude-lint is not installed")
    work = Path(tempfile.mkdtemp(prefix="claude-lint-bench-"))
    rules = work / "bench-rules.yaml"
    rules.write_text(SEMGREP_RULES)
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off", "CI": "1"}
    env.pop("CLAUDE_LINT_TIMINGS", None)
    # claude-lint's own semgrep rules join the handful, when there are any
    semgrep_builtin = [a for p in sorted((ROOT / "rules").glob("*.yaml")) for a in ("--config", str(p))]

    summary: list[tuple[str, dict]] = []
    for tree in args.trees:
        tree = tree.resolve()
        st = tree_stats(tree)
        candidates = parse_candidates(tree)
        cand_list = work / f"parse-{tree.name}.txt"
        cand_list.write_text("\n".join(candidates), encoding="utf-8")
        label = (
            f"{tree.name} ({st['files']} files, {st['py']} .py = {st['py_mb']:.1f} MB, "
            f"{len(candidates)} mention Claude; {st['data']} YAML/JSON/lock = {st['data_mb']:.0f} MB)"
        )
        print(f"== {label}", flush=True)
        cache = work / f"cache-{tree.name}"

        def cold(jobs=None, timings=None, stderr=None):
            shutil.rmtree(cache, ignore_errors=True)
            argv = [claude_lint, "check", str(tree), "--exit-zero", "--cache-dir", str(cache)]
            if jobs:
                argv += ["--jobs", str(jobs)]
            return measure(argv, env={**env, "CLAUDE_LINT_TIMINGS": timings} if timings else env, stderr=stderr)

        tools = {
            "regex pass": lambda: measure([sys.executable, "-c", REGEX_PASS, str(tree)]),
            "ast.parse": lambda: measure([sys.executable, "-c", PARSE_PASS, str(cand_list)]),
            "claude-lint": cold,
        }
        if "warm" not in skip:
            tools["claude-lint warm"] = lambda: measure(
                [claude_lint, "check", str(tree), "--exit-zero", "--cache-dir", str(cache)], env=env
            )
        if "1core" not in skip:
            tools["claude-lint 1 core"] = lambda: cold(1)
        if "bandit" not in skip and shutil.which("bandit"):
            tools["bandit -r"] = lambda: measure(["bandit", "-r", "-q", "-f", "json", "-o", os.devnull, str(tree)])
        if "semgrep" not in skip and shutil.which("semgrep"):
            tools["semgrep (5 rules)"] = lambda: measure(
                [
                    "semgrep",
                    "scan",
                    "--metrics=off",
                    "--disable-version-check",
                    "--quiet",
                    "--json",
                    "-o",
                    os.devnull,
                    "--config",
                    str(rules),
                    *semgrep_builtin,
                    str(tree),
                ],
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
            w, c, r = results[name]
            print(f"   {name:22s} {w:8.2f} s wall {c:8.2f} s CPU {r:7.0f} MB  (median of {runs})", flush=True)
        base_w, base_c, _ = results["claude-lint"]
        print()
        print(
            f"   {'tool':22s} {'wall s':>8s} {'CPU s':>8s} {'peak MB':>8s}  {'x wall':>7s} {'x CPU':>7s}  (ratio to claude-lint)"
        )
        for name, (wall, cpu, rss) in results.items():
            print(f"   {name:22s} {wall:8.2f} {cpu:8.2f} {rss:8.0f}  {wall / base_w:7.2f} {cpu / base_c:7.2f}")
        print()
        goals = [
            ("bandit -r", "bandit / claude-lint", lambda w: w / base_w, ">= 10"),
            ("semgrep (5 rules)", "semgrep / claude-lint", lambda w: w / base_w, ">= 10" if not candidates else "> 1"),
            ("regex pass", "claude-lint / regex pass", lambda w: base_w / w, "<= 2" if not candidates else "(info)"),
            ("ast.parse", "claude-lint / ast.parse", lambda w: base_w / w, "<= 3" if candidates else "(info)"),
        ]
        print("   issue 14 ratios (wall; CPU in brackets):")
        for tool, what, ratio, goal in goals:
            if tool in results:
                w, c, _ = results[tool]
                r_cpu = (c / base_c) if what.startswith(tool.split()[0]) else (base_c / c)
                print(f"     {what:28s} {ratio(w):7.2f}  [{r_cpu:6.2f}]   goal {goal}")
        peak = max(r for name, (_w, _c, r) in results.items() if name.startswith("claude-lint"))
        print(f"     {'claude-lint peak RSS (MB)':28s} {peak:7.0f}             goal < 500")
        if "phases" not in skip:
            err: list[str] = []
            cold(timings="cpu", stderr=err)
            phases = phase_split(err[0] if err else "")
            print()
            print_phases(phases)
        print(flush=True)
        summary.append((tree.name, dict(results.items())))

    if len(summary) > 1:
        print("== summary (median wall s / CPU s / peak MB)")
        names = sorted(
            {n for _t, r in summary for n in r},
            key=lambda n: list(summary[0][1]).index(n) if n in summary[0][1] else 99,
        )
        print(f"   {'tree':16s} " + " ".join(f"{n[:18]:>20s}" for n in names))
        for t, r in summary:
            cells = [f"{r[n][0]:6.1f}/{r[n][1]:6.1f}/{r[n][2]:4.0f}" if n in r else "-" for n in names]
            print(f"   {t[:16]:16s} " + " ".join(f"{c:>20s}" for c in cells))
        print()

    # pre-commit style: 10 Python files of the first tree, warm cache
    first = args.trees[0].resolve()
    staged = sorted(str(p) for p in first.rglob("*.py"))[:10]
    if staged:
        cache = work / "cache-precommit"
        measure([claude_lint, "check", *staged, "--exit-zero", "--cache-dir", str(cache)], env=env)
        wall, _cpu, rss = median_of(
            max(3, args.runs),
            lambda: measure([claude_lint, "check", *staged, "--exit-zero", "--cache-dir", str(cache)], env=env),
        )
        print(
            f"pre-commit style run on {len(staged)} files (warm cache, start-up included): {wall:.3f} s, {rss:.0f} MB"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
