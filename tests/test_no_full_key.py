"""No full key leaves claude-lint (issue 15, item 4): generated keys planted in every place a
file can hold one — a code literal, two adjacent literals, a comment, a suppression comment's
id list and reason, notebook source and outputs, ``.env``, YAML, policy values, a custom
rule's message, a file name — and every command and format of a real run, plus the result
cache, show none of them in full nor any run of more than :data:`PIECE` characters of a key's
body."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from harness import make_key

ROOT = Path(__file__).resolve().parent.parent
#: a run of the body longer than this is a leak (a redacted key shows its last four)
PIECE = 8
_PREFIX = re.compile(r"^(sk-ant-[a-z]+\d\d-|ABSK|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t)")


def _body(key: str) -> str:
    m = _PREFIX.match(key)
    return key[m.end() :] if m else key


def plant(base: Path) -> dict[str, str]:
    """The repository ``base/repo`` and a broken policy ``base/bad``; returns place → key."""
    keys = {
        place: make_key(kind)
        for place, kind in (
            ("literal", "api03"),
            ("split", "api03"),
            ("split-admin", "admin01"),
            ("split-absk", "absk"),
            ("comment", "absk"),
            ("suppress-ids", "ort01"),
            ("suppress-reason", "oat01"),
            ("suppress-reason-api", "api03"),
            ("notebook-source", "api03"),
            ("notebook-output", "sid01"),
            ("notebook-output-absk", "absk"),
            ("env", "sid01"),
            ("env-api", "api03"),
            ("yaml", "bedrock-short"),
            ("policy", "api03"),
            ("bad-policy", "api03"),
            ("custom-rule", "api03"),
            ("file-name", "api03"),
        )
    }
    root = base / "repo"
    root.mkdir()

    def split(key: str) -> str:
        return f'"{key[:40]}" "{key[40:]}"'

    (root / "app.py").write_text(
        "import anthropic\n"
        f'client = anthropic.Anthropic(api_key="{keys["literal"]}")\n'
        f"joined = anthropic.Anthropic(api_key={split(keys['split'])})\n"
        f"admin = anthropic.Anthropic(api_key={split(keys['split-admin'])})\n"
        f"bedrock = anthropic.AnthropicBedrock(api_key=(\n    {split(keys['split-absk'])}\n))\n"
        f"# the old key was {keys['comment']}\n"
        f"x = 1  # claude-lint: ignore[{keys['suppress-ids']}, consumer-credential]\n"
        f'y = anthropic.Anthropic(api_key="{keys["suppress-reason-api"]}")  '
        f"# claude-lint: ignore[hardcoded-api-key] rotated {keys['suppress-reason']} last week\n",
        encoding="utf-8",
    )
    cell = {
        "cell_type": "code",
        "metadata": {},
        "execution_count": 1,
        "source": [f'import anthropic\nc = anthropic.Anthropic(api_key="{keys["notebook-source"]}")\n'],
        "outputs": [
            {
                "output_type": "stream",
                "name": "stdout",
                "text": [
                    f"cookie sessionKey={keys['notebook-output']}\nABSK from env:\n{keys['notebook-output-absk']}\n"
                ],
            }
        ],
    }
    (root / "nb.ipynb").write_text(
        json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8"
    )
    (root / ".env").write_text(
        f"CLAUDE_SESSION_KEY={keys['env']}\nANTHROPIC_API_KEY={keys['env-api']}\n", encoding="utf-8"
    )
    (root / "deploy.yaml").write_text(f"env:\n  AWS_BEARER_TOKEN_BEDROCK: {keys['yaml']}\n", encoding="utf-8")
    (root / "rules.yaml").write_text(
        "rules:\n  - id: no-raw-client\n"
        f"    message: Do not construct clients by hand; the shared key {keys['custom-rule']} is for the gateway\n"
        "    languages: [python]\n    severity: WARNING\n    pattern: anthropic.Anthropic(...)\n",
        encoding="utf-8",
    )
    (root / "claude-lint.yaml").write_text(
        f"custom-rules: [rules.yaml]\npolicy:\n  approved-base-urls: ['https://gw.example.com/{keys['policy']}']\n",
        encoding="utf-8",
    )
    (root / f"{keys['file-name']}.py").write_text(
        "import anthropic\nc = anthropic.Anthropic(base_url='https://claude.ai/api/x')\n", encoding="utf-8"
    )
    bad = base / "bad"
    bad.mkdir()
    (bad / "claude-lint.yaml").write_text(
        f"policy:\n  residency: {keys['bad-policy']}\n  zdr-key-env: 3\n", encoding="utf-8"
    )
    return keys


RUNS = [
    # --include-suppressed: suppressed findings and their reasons are printed too
    *(("check", f) for f in ("text", "json", "sarif", "github", "markdown")),
    *(("inventory", f) for f in ("text", "json", "markdown")),
    ("suppressions", "text"),
    ("suppressions", "json"),
    ("config", "yaml"),
    ("config", "json"),
    ("config-error", "yaml"),
    ("check-error", "text"),
    ("rules", "text"),
    ("rules", "json"),
]


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    base = tmp_path_factory.mktemp("planted-keys")
    keys = plant(base)
    return base, keys


_OUTPUTS: dict[tuple[Path, str, str], tuple[str, str]] = {}


def _run(base: Path, command: str, fmt: str) -> tuple[str, str]:
    """(stdout, stderr) of one real run per command and format (memoised)."""
    if (base, command, fmt) not in _OUTPUTS:
        _OUTPUTS[base, command, fmt] = _run_once(base, command, fmt)
    return _OUTPUTS[base, command, fmt]


def _run_once(base: Path, command: str, fmt: str) -> tuple[str, str]:
    cache = ["--cache-dir", str(base / "cache")]
    args = {
        "check": ["check", ".", "--format", fmt, "--exit-zero", "--include-suppressed", *cache],
        "inventory": ["inventory", ".", "--format", fmt, *cache],
        "suppressions": ["suppressions", ".", "--format", fmt],
        "config": ["config", ".", "--format", fmt],
        "config-error": ["config", "../bad", "--format", fmt],
        "check-error": ["check", "../bad", "--no-cache"],
        "rules": ["rules", ".", "--format", fmt],
    }[command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAUDE_LINT_CACHE_DIR": str(base / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "claude_lint", *args],
        cwd=base / "repo",
        capture_output=True,
        check=False,
        env=env,
        timeout=600,
    )
    assert proc.returncode == (2 if command.endswith("error") else 0), proc.stderr.decode()
    return proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def leaks(text: str, keys: dict[str, str]) -> list[str]:
    """Places whose key, or a run of more than PIECE characters of its body, is in ``text``
    (also as it reads inside a JSON string)."""
    out = []
    for place, key in keys.items():
        body = _body(key)
        windows = {body[i : i + PIECE + 1] for i in range(len(body) - PIECE)}
        if key in text or any(w in text or json.dumps(w)[1:-1] in text for w in windows):
            out.append(place)
    return out


@pytest.mark.parametrize(("command", "fmt"), RUNS, ids=[f"{c}-{f}" for c, f in RUNS])
def test_no_output_holds_a_key(planted, command, fmt):
    base, keys = planted
    out, err = _run(base, command, fmt)
    assert (out if not command.endswith("error") else err).strip()
    assert leaks(out, keys) == []
    assert leaks(err, keys) == []


def test_the_planted_keys_are_found_and_shown_redacted(planted):
    """The run is not vacuous: the keys are reported, each as prefix…last4."""
    base, keys = planted
    doc = json.loads(_run(base, "check", "json")[0])
    rules = {f["rule_id"] for f in doc["findings"]}
    assert {"hardcoded-api-key", "consumer-credential", "unused-suppression"} <= rules
    text = json.dumps(doc)
    for place in ("literal", "comment", "env", "yaml", "suppress-reason-api"):
        assert keys[place][-4:] in text, place
    # the suppression comment's id list and reason are shown redacted
    suppressed = [f for f in doc["findings"] if f.get("suppressed")]
    assert any("…" in f["suppressed"]["justification"] for f in suppressed)


def test_no_cache_file_holds_a_key(planted):
    base, keys = planted
    for command in ("check", "inventory"):
        _run(base, command, "json")
    files = [p for p in (base / "cache").rglob("*") if p.is_file()]
    assert files, "the runs wrote cache entries"
    for p in files:
        # the cache stores each finding's display path: a key used as a file name is the one
        # place it keeps (the path is also the cache key; see the README's Security section)
        found = leaks(
            p.read_text(encoding="utf-8", errors="replace"), {k: v for k, v in keys.items() if k != "file-name"}
        )
        assert found == [], p


def test_split_literal_snippet_is_redacted_piece_by_piece():
    from claude_lint.textsafe import redact

    key = make_key("api03")
    snippet = f'k = Anthropic(api_key="{key[:40]}" "{key[40:]}")'
    out = redact(snippet, [key])
    assert leaks(out, {"k": key}) == []
    assert out.startswith('k = Anthropic(api_key="') and out.endswith('")')
