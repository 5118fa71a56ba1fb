"""A labelled corpus for the key scan: key shapes written into file contexts (seeded).

Each sample is one file holding one value in one context (a Python assignment, a split
literal, a ``.env`` line, a base64 value of a Kubernetes Secret, a JSON string after an
escaped newline, a notebook output...).  Positives are real-looking keys of every format
the key rules know (plus random keys whose body holds ``0000``/``xxxx`` by chance);
negatives are placeholders and look-alikes in the same contexts.  The corpus is scanned
with ``claude-lint check`` (the whole pipeline, prefilter included) and the script prints
found/missed per context and the false positives.

    python scripts/key_corpus.py                      # this checkout
    python scripts/key_corpus.py --lint-path /work/main  # another checkout, to compare
    python scripts/key_corpus.py --keep DIR            # keep the generated tree

Keys exist only in the temporary tree, never in the repository.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import string
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLSAFE = string.ascii_letters + string.digits + "_-"
B64 = string.ascii_letters + string.digits + "+/"
KEY_RULES = {"hardcoded-api-key", "consumer-credential"}


def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def positives(rng: random.Random) -> dict[str, str]:
    def run(r: str) -> str:
        body = _rand(rng, URLSAFE, 93 - len(r))
        at = rng.randrange(len(body) + 1)
        return "sk-ant-api03-" + body[:at] + r + body[at:] + "AA"

    return {
        "api03": "sk-ant-api03-" + _rand(rng, URLSAFE, 93) + "AA",
        "admin01": "sk-ant-admin01-" + _rand(rng, URLSAFE, 93) + "AA",
        "absk": "ABSK" + _rand(rng, B64, 132),
        "bedrock-short": "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + _rand(rng, B64, 180),
        "sid01": "sk-ant-sid01-" + _rand(rng, URLSAFE, 93) + "AA",
        "oat01": "sk-ant-oat01-" + _rand(rng, URLSAFE, 95),
        "api03-0000": run("0000"),
        "api03-xxxx": run("xxxx"),
    }


def negatives(rng: random.Random) -> dict[str, str]:
    seq = (string.ascii_letters + string.digits) * 2
    return {
        "dots": "sk-ant-api03-...",
        "your-key": "sk-ant-api03-your-key-here",
        "replace": "sk-ant-api03-REPLACE_ME",
        "all-x": "sk-ant-api03-" + "x" * 93 + "AA",
        "all-0": "sk-ant-api03-" + "0" * 93 + "AA",
        "x-padded": "sk-ant-api03-abc123" + "x" * 87 + "AA",
        "sequence": "sk-ant-api03-" + seq[:93] + "AA",
        "short": "sk-ant-api03-" + _rand(rng, URLSAFE, 61) + "AA",
        "bb-suffix": "sk-ant-api03-" + _rand(rng, URLSAFE, 93) + "BB",
        "api04": "sk-ant-api04-" + _rand(rng, URLSAFE, 93) + "AA",
        "too-long": "sk-ant-api03-" + _rand(rng, URLSAFE, 94) + "AA",
        "openai": "sk-proj-" + _rand(rng, URLSAFE, 48),
        "absk-short": "ABSK" + _rand(rng, B64, 30),
        "random": _rand(rng, B64, 100),
        "glued-to-word": "KEYsk-ant-api03-" + _rand(rng, URLSAFE, 93) + "AA",
    }


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def _py_split(k: str) -> str:
    return f'KEY = ("{k[: len(k) // 2]}"\n       "{k[len(k) // 2 :]}")\n'


#: context name -> (file name, text for a value).  The value is the whole key (or
#: negative); split and encoded contexts transform it.
CONTEXTS: dict[str, tuple[str, Callable[[str], str]]] = {
    "py-assign": ("a.py", lambda k: f'ANTHROPIC_API_KEY = "{k}"\n'),
    "py-kwarg": ("a.py", lambda k: f'import anthropic\nc = anthropic.Anthropic(api_key="{k}")\n'),
    "py-dict": ("a.py", lambda k: f"headers = {{\"x-api-key\": '{k}'}}\n"),
    "py-comment": ("a.py", lambda k: f"# old key: {k}\n"),
    "py-split-line": ("a.py", lambda k: f'KEY = "{k[:50]}" "{k[50:]}"\n'),
    "py-split-parens": ("a.py", _py_split),
    "py-escape": ("a.py", lambda k: f'KEY = "{k[:8]}\\x{ord(k[8]):02x}{k[9:]}"\n'),
    "py-newline-escape": ("a.py", lambda k: f'MSG = "using\\n{k}"\n'),
    "env": (".env", lambda k: f"ANTHROPIC_API_KEY={k}\n"),
    "env-export": (".env", lambda k: f"export ANTHROPIC_API_KEY='{k}'\n"),
    "yaml": ("c.yaml", lambda k: f"anthropic:\n  api_key: {k}\n"),
    "k8s-secret-b64": ("s.yaml", lambda k: f"apiVersion: v1\nkind: Secret\ndata:\n  key: {_b64(k)}\n"),
    "k8s-secret-env-b64": (
        "s.yaml",
        lambda k: f"kind: Secret\ndata:\n  env: {_b64('A=1' + chr(10) + 'KEY=' + k + chr(10))}\n",
    ),
    "k8s-stringdata": ("s.yaml", lambda k: f'kind: Secret\nstringData:\n  key: "{k}"\n'),
    "json": ("c.json", lambda k: json.dumps({"api_key": k}) + "\n"),
    "json-newline-escape": ("c.json", lambda k: json.dumps({"log": f"failed\n{k}\n"}) + "\n"),
    "json-u0022": ("c.json", lambda k: '{"v": "key=\\u0022' + k + '\\u0022"}\n'),
    "notebook-source": (
        "n.ipynb",
        lambda k: json.dumps({"cells": [{"cell_type": "code", "source": [f'key = "{k}"\n']}]}, indent=1),
    ),
    "notebook-output-string": (
        "n.ipynb",
        lambda k: json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "text": f"ok\n{k}\n"}]}
                ]
            },
            indent=1,
        ),
    ),
    "toml": ("c.toml", lambda k: f'[anthropic]\napi_key = "{k}"\n'),
    "ini": ("c.ini", lambda k: f"[anthropic]\napi_key = {k}\n"),
    "xml": ("c.xml", lambda k: f'<config><key value="{k}"/></config>\n'),
    "dockerfile": ("Dockerfile", lambda k: f"FROM python:3.12\nENV ANTHROPIC_API_KEY={k}\n"),
    "shell-curl": ("r.sh", lambda k: f'curl -H "x-api-key: {k}" https://api.anthropic.com/v1/models\n'),
    "terraform": ("m.tf", lambda k: f'variable "key" {{\n  default = "{k}"\n}}\n'),
    "log": ("app.log", lambda k: f"2026-01-01 INFO request key={k} status=401\n"),
    "glued-hyphen": ("n.txt", lambda k: f"model claude-{k}\n"),
    "glued-underscore-pct": ("u.txt", lambda k: f"MY_{k} and https://x.test/?k=%22{k}%22\n"),
}


def build(dst: Path, seed: int) -> list[dict]:
    rng = random.Random(seed)
    labels = []
    for cname, (fname, render) in CONTEXTS.items():
        for label, values in (("pos", positives(rng)), ("neg", negatives(rng))):
            for shape, value in values.items():
                folder = dst / cname / f"{label}-{shape}"
                folder.mkdir(parents=True)
                (folder / fname).write_text(render(value))
                labels.append(
                    {"context": cname, "shape": shape, "label": label, "path": f"{cname}/{label}-{shape}/{fname}"}
                )
    return labels


def scan(dst: Path, lint_path: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(lint_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "claude_lint", "check", "--no-cache", "--format", "json", "."],
        cwd=dst,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    data = json.loads(proc.stdout)
    return {f["path"] for f in data["findings"] if f["rule_id"] in KEY_RULES}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lint-path", type=Path, default=ROOT, help="the claude-lint checkout to measure")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        dst = args.keep or Path(tmp)
        dst.mkdir(parents=True, exist_ok=True)
        labels = build(dst, args.seed)
        hit = scan(dst, args.lint_path)
    pos = [x for x in labels if x["label"] == "pos"]
    neg = [x for x in labels if x["label"] == "neg"]
    missed = [x for x in pos if x["path"] not in hit]
    false = [x for x in neg if x["path"] in hit]
    print(f"positives: {len(pos) - len(missed)}/{len(pos)} found; negatives: {len(false)}/{len(neg)} false positives")
    for what, rows in (("missed", missed), ("false positive", false)):
        for ctx, n in sorted(Counter(x["context"] for x in rows).items()):
            shapes = ", ".join(sorted(x["shape"] for x in rows if x["context"] == ctx))
            print(f"  {what:14} {ctx:24} {n:2}  ({shapes})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
