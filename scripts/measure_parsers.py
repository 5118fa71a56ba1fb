"""Measure the cost of ast versus libcst (parse and metadata) on Claude-related files.

Usage: python scripts/measure_parsers.py TREE [--limit N]

Picks the .py files under TREE whose bytes mention anthropic/claude (what claude-lint's
prefilter would hand to the Python engine) and times, on one core:
ast.parse; claude-lint's Python engine (parse + one traversal with all rules);
libcst.parse_module; and libcst metadata (PositionProvider, ScopeProvider,
QualifiedNameProvider).  The numbers back the engine choice recorded in the README.
"""

from __future__ import annotations

import argparse
import ast
import re
import time
from pathlib import Path

PREFILTER = re.compile(rb"(?i)anthropic|claude|sk-ant-")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("tree", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    files = []
    for p in sorted(args.tree.rglob("*.py")):
        data = p.read_bytes()
        if PREFILTER.search(data):
            try:
                text = data.decode("utf-8")
                ast.parse(text)
            except (UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
                continue
            files.append((p, text))
    if args.limit:
        files = files[: args.limit]
    size = sum(len(t.encode()) for _, t in files)
    print(f"{len(files)} candidate files, {size / 1e6:.2f} MB")

    def timed(label, fn):
        t0 = time.perf_counter()
        for _, text in files:
            fn(text)
        dt = time.perf_counter() - t0
        print(f"{label:40s} {dt:7.2f} s")
        return dt

    timed("ast.parse", ast.parse)

    from claude_lint import registry
    from claude_lint.config import Policy
    from claude_lint.engines.python import PythonEngine, PythonSource

    engine = PythonEngine([cls() for cls in registry.rule_classes()])
    policy = Policy()
    timed("claude-lint Python engine (parse+rules)", lambda t: engine.scan("x.py", PythonSource(t), policy, {}))

    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider, ScopeProvider

    timed("libcst.parse_module", cst.parse_module)
    for provider in (PositionProvider, ScopeProvider, QualifiedNameProvider):
        timed(
            f"libcst parse + {provider.__name__}", lambda t, p=provider: MetadataWrapper(cst.parse_module(t)).resolve(p)
        )


if __name__ == "__main__":
    main()
