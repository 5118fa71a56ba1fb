"""Score claude-lint results against the hand labels in eval/labels/ (or --labels DIR,
e.g. eval/labels-heldout/).

Usage (from the repository root):

    python eval/score.py RESULTS_DIR [--labels eval/labels] [--tolerance 2]
                         [--sample 60 --seed 12] [--markdown]

RESULTS_DIR holds one `claude-lint check --format json` report per repository, named
`<repo>.json` where `<repo>` is the labels file's stem (see eval/README.md for the
commands). Prints:

- results per rule per repository;
- recall per category (health, bedrock-vertex, langchain) against the labels, with
  every miss and its pattern;
- look-alikes that were flagged (`must_not_flag` entries hit by a result);
- with --sample N: a reproducible random sample of N results pooled over every
  repository (tests and notebooks included), for judging by hand.

A label is found when a result has its rule (or one of `alt_rules`), the same path
relative to the scanned tree, and a line within --tolerance of `line` or of one of the
`alt` locations (`path:line`). A label also counts as found when that place is one of a
result's related locations (one finding per cause: e.g. a use of a constant whose
credential is reported at the constant's definition); a look-alike counts as flagged only
by a result's own (primary) location. Only paths and line numbers are compared: no
scanned code is read or printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

CATEGORIES = ("health", "bedrock-vertex", "langchain")
TEST_MARKERS = ("/tests/", "/test/", "/conftest.py")


def load_results(results_dir: Path, repo: str) -> list[dict] | None:
    """Findings of one repository with paths relative to the scanned tree."""
    report = results_dir / f"{repo}.json"
    if not report.is_file():
        return None
    data = json.loads(report.read_text(encoding="utf-8"))
    roots = sorted(
        (r["path"] for r in data.get("repositories", [])), key=len, reverse=True
    )
    def relative(path: str) -> str:
        for root in roots:
            if path == root or path.startswith(root.rstrip("/") + "/"):
                return path[len(root.rstrip("/")) + 1 :]
        return path

    findings = []
    for f in data.get("findings", []):
        path = relative(f["path"])
        findings.append(
            {
                "repo": repo,
                "path": path,
                "line": f["line"],
                "column": f.get("column", 0),
                "rule": f["rule_id"],
                "severity": f.get("severity", ""),
                "confidence": f.get("confidence", ""),
                "related": [(relative(r["path"]), r["line"]) for r in f.get("related", [])],
            }
        )
    return findings


def locations(entry: dict) -> list[tuple[str, int]]:
    locs = [(entry["file"], int(entry["line"]))]
    for alt in entry.get("alt", []) or []:
        path, _, line = alt.rpartition(":")
        locs.append((path, int(line)))
    return locs


def hit(entry: dict, rules: set[str], findings: list[dict], tol: int, related: bool = False) -> list[dict]:
    """Results of ``rules`` at one of the entry's locations (``related``: or with a related
    location there)."""
    locs = locations(entry)

    def places(f: dict) -> list[tuple[str, int]]:
        return [(f["path"], f["line"]), *(f.get("related", []) if related else [])]

    return [
        f
        for f in findings
        if f["rule"] in rules
        and any(fp == p and abs(fl - line) <= tol for fp, fl in places(f) for p, line in locs)
    ]


def is_test_path(path: str) -> bool:
    p = "/" + path
    name = p.rsplit("/", 1)[-1]
    return (
        any(m in p for m in TEST_MARKERS)
        or name.startswith("test_")
        or name.endswith("_test.py")
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path)
    ap.add_argument("--labels", type=Path, default=Path(__file__).parent / "labels")
    ap.add_argument("--tolerance", type=int, default=2)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument(
        "--judged",
        type=Path,
        help="TSV of earlier verdicts (judged-before.tsv): shown next to the same results",
    )
    ap.add_argument(
        "--unlabelled",
        action="store_true",
        help="also list results in labelled repositories that match no label and no look-alike",
    )
    args = ap.parse_args(argv)

    judged: dict[tuple[str, str, int, str], str] = {}
    if args.judged:
        with args.judged.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                key = (row["repo"], row["path"], int(row["line"]), row["rule"])
                judged[key] = row["verdict"] + (
                    f" ({row['noise_category']})" if row["noise_category"] else ""
                )

    def earlier(f: dict) -> str:
        return judged.get((f["repo"], f["path"], f["line"], f["rule"]), "")

    label_files = sorted(args.labels.glob("*.yaml"))
    repos = [p.stem for p in label_files]
    extra = sorted(p.stem for p in args.results.glob("*.json") if p.stem not in repos)
    all_findings: dict[str, list[dict]] = {}
    for repo in repos + extra:
        loaded = load_results(args.results, repo)
        if loaded is not None:
            all_findings[repo] = loaded

    # Results per rule per repository.
    rules = sorted({f["rule"] for fs in all_findings.values() for f in fs})
    print("## Results per rule per repository\n")
    print("| repository | total | in tests | notebooks | " + " | ".join(rules) + " |")
    print("|---|---|---|---|" + "---|" * len(rules))
    totals: Counter[str] = Counter()
    for repo, fs in all_findings.items():
        c = Counter(f["rule"] for f in fs)
        totals.update(c)
        n_test = sum(is_test_path(f["path"]) for f in fs)
        n_nb = sum(f["path"].endswith(".ipynb") for f in fs)
        print(
            f"| {repo} | {len(fs)} | {n_test} | {n_nb} | "
            + " | ".join(str(c.get(r, 0)) for r in rules)
            + " |"
        )
    pooled = sum(totals.values())
    print(
        f"| **all** | **{pooled}** | | | "
        + " | ".join(str(totals.get(r, 0)) for r in rules)
        + " |\n"
    )

    # Recall per category.
    per_cat: dict[str, list[tuple[dict, str, bool]]] = defaultdict(list)
    lookalikes: list[tuple[str, dict, list[dict]]] = []
    matched: set[int] = set()
    missing_reports = []
    for lf in label_files:
        doc = yaml.safe_load(lf.read_text(encoding="utf-8")) or {}
        repo = lf.stem
        findings = all_findings.get(repo)
        if findings is None:
            missing_reports.append(repo)
            findings = []
        for lab in doc.get("labels") or []:
            accepted = {lab["rule"], *(lab.get("alt_rules") or [])}
            hits = hit(lab, accepted, findings, args.tolerance, related=True)
            matched.update(id(f) for f in hits)
            per_cat[lab["category"]].append((lab, repo, bool(hits)))
        for ok in doc.get("must_not_flag") or []:
            flagged = hit(ok, set(ok["rules"]), findings, 1)
            matched.update(id(f) for f in flagged)
            if flagged:
                lookalikes.append((repo, ok, flagged))

    if missing_reports:
        print(
            "No results file for: " + ", ".join(missing_reports) + "\n", file=sys.stderr
        )
    print("## Recall per category\n")
    print("| category | labels | found | recall |")
    print("|---|---|---|---|")
    all_n = all_k = 0
    for cat in CATEGORIES + tuple(sorted(set(per_cat) - set(CATEGORIES))):
        items = per_cat.get(cat, [])
        k = sum(found for _, _, found in items)
        all_n += len(items)
        all_k += k
        rec = f"{k / len(items):.2f}" if items else "-"
        print(f"| {cat} | {len(items)} | {k} | {rec} |")
    if all_n:
        print(f"| **all** | {all_n} | {all_k} | {all_k / all_n:.2f} |")
    print("\n### Misses\n")
    for cat in sorted(per_cat):
        for lab, repo, found in per_cat[cat]:
            if not found:
                print(
                    f"- [{cat}] {repo} {lab['id']} {lab['file']}:{lab['line']} `{lab['rule']}` — {lab['pattern']}"
                )
    print("\n### Look-alikes that were flagged (must_not_flag)\n")
    if not lookalikes:
        print("- none")
    for repo, ok, flagged in lookalikes:
        rs = ", ".join(sorted({f["rule"] for f in flagged}))
        print(f"- {repo} {ok['file']}:{ok['line']} `{rs}` — {ok['pattern']}")

    if args.unlabelled:
        print(
            "\n### Results in labelled repositories matching no label or look-alike\n"
        )
        for repo in repos:
            for f in all_findings.get(repo, []):
                if id(f) not in matched:
                    note = f" — earlier: {earlier(f)}" if earlier(f) else ""
                    print(f"- {repo} {f['path']}:{f['line']} `{f['rule']}`{note}")

    if args.sample:
        pool = sorted(
            (f for fs in all_findings.values() for f in fs),
            key=lambda f: (f["repo"], f["path"], f["line"], f["column"], f["rule"]),
        )
        random.seed(args.seed)
        sample = random.sample(pool, min(args.sample, len(pool)))
        print(
            f"\n## Random sample: {len(sample)} of {len(pool)} results (random.seed({args.seed}))\n"
        )
        print(
            "| # | repo | path:line | rule | severity | confidence | earlier verdict |"
        )
        print("|---|---|---|---|---|---|---|")
        for i, f in enumerate(sample, 1):
            print(
                f"| {i} | {f['repo']} | {f['path']}:{f['line']} | {f['rule']} | {f['severity']} | {f['confidence']} | {earlier(f)} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
