"""Precision per category of every result of a run, from the judges' verdict files.

    python eval/judged-s5/precision.py SET=RESULTS_DIR ... [--verdicts FILE ...] [--unjudged OUT.tsv]

Each RESULTS_DIR holds one ``claude-lint check --format json`` report per repository
(``<stem>.json``, as ``eval/score.py`` reads them).  A result is matched to a verdict by
repository, path relative to the tree and line, and rule.  Verdict files are TSV: n, repo,
path:line, rule, verdict (worth | debatable | not worth), category, reason (the files of
``eval/judged-s4`` and ``eval/judged-s5``; by default every ``precision-sample*.tsv`` and
``verdicts-*.tsv`` under ``eval/judged-s*``).

Category of a result: ``phi-*`` rules are health; the residency rules are bedrock-vertex
(langchain in a repository whose first category is langchain); ``prompt-logged`` takes the
repository's first category (from the labels' README tables); anything else is "other".
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent
RESIDENCY = {
    "eu-residency-unavailable",
    "region-outside-policy",
    "region-left-to-default",
    "inference-geo-missing",
    "inference-geo-outside-policy",
}
_ROW = re.compile(r"^\| [\w.-]+/[\w.-]+ \(`([\w.-]+)`\) \|[^|]*\| ([a-z-]+)")


def primary_categories() -> dict[str, str]:
    out: dict[str, str] = {}
    for readme in EVAL.glob("labels-*/README.md"):
        for line in readme.read_text(encoding="utf-8").splitlines():
            m = _ROW.match(line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


def category(primary: dict[str, str], repo: str, rule: str) -> str:
    first = primary.get(repo, "?")
    if rule.startswith("phi"):
        return "health"
    if rule in RESIDENCY:
        return "langchain" if first == "langchain" else "bedrock-vertex"
    if rule == "prompt-logged":
        return first
    return "other"


def relative(repo: str, path: str) -> str:
    """A result's or verdict's path relative to the repository's tree."""
    marker = f"/{repo}/"
    if marker in path:
        return path.split(marker, 1)[1]
    return path[len(repo) + 1 :] if path.startswith(repo + "/") else path


def read_verdicts(files: list[Path]) -> dict[tuple[str, str, str], tuple[str, str]]:
    verdicts: dict[tuple[str, str, str], tuple[str, str]] = {}
    for tsv in files:
        for line in tsv.read_text(encoding="utf-8").splitlines():
            p = line.split("\t")
            if len(p) < 5 or not p[0].strip().isdigit():
                continue
            verdicts[(p[1], relative(p[1], p[2]), p[3])] = (p[4].strip(), p[5] if len(p) > 5 else "")
    return verdicts


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+", help="NAME=RESULTS_DIR")
    ap.add_argument("--verdicts", nargs="*", type=Path)
    ap.add_argument("--unjudged", type=Path, help="write the results without a verdict here (TSV)")
    args = ap.parse_args()
    files = args.verdicts or sorted(
        [*EVAL.glob("judged-s*/precision-sample*.tsv"), *EVAL.glob("judged-s*/verdicts-*.tsv")]
    )
    verdicts = read_verdicts(files)
    primary = primary_categories()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    unjudged: list[tuple[str, ...]] = []
    for spec in args.sets:
        _name, folder = spec.split("=", 1)
        for report in sorted(Path(folder).glob("*.json")):
            repo = report.stem
            for r in json.loads(report.read_text(encoding="utf-8"))["findings"]:
                where = f"{r['path']}:{r['line']}"
                v = verdicts.get((repo, relative(repo, where), r["rule_id"]))
                verdict = v[0] if v else "UNJUDGED"
                counts[category(primary, repo, r["rule_id"])][verdict] += 1
                counts["all"][verdict] += 1
                if v is None:
                    unjudged.append((repo, where, r["rule_id"], r["message"][:160].replace("\t", " ")))
    print("| category | results | worth | debatable | not worth | unjudged | strict | lenient |")
    print("|---|---|---|---|---|---|---|---|")
    for c in ("health", "bedrock-vertex", "langchain", "other", "all"):
        k = counts.get(c)
        if not k:
            continue
        n = sum(k.values())
        judged = n - k["UNJUDGED"]
        strict = k["worth"] / judged if judged else 0.0
        lenient = (k["worth"] + k["debatable"]) / judged if judged else 0.0
        print(
            f"| {c} | {n} | {k['worth']} | {k['debatable']} | {k['not worth']} | {k['UNJUDGED']} "
            f"| {strict:.2f} | {lenient:.2f} |"
        )
    if args.unjudged is not None:
        lines = ["\t".join((str(i), *u)) for i, u in enumerate(unjudged, 1)]
        args.unjudged.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    print(f"{len(unjudged)} results without a verdict")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
