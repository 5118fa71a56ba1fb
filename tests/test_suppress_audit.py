"""``claude-lint suppressions``: every in-source suppression with its reason and whether it
suppresses anything, for a security team's audit.

Keys are generated at test time (``harness.make_key``); nothing realistic is committed.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import make_key

from claude_lint.cli import main

API = "hardcoded-api-key"


def cli(*args: str):
    return CliRunner().invoke(main, [*args])


@pytest.fixture
def suppressed_tree(in_tmp) -> Path:
    root, key = in_tmp, make_key("api03")
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text(
        "import anthropic\n"
        f'KEY = "{key}"  # claude-lint: ignore[hardcoded-api-key] revoked key kept for a regression test\n'
        "x = 1  # claude-lint: ignore[prompt-logged]\n"
        f'K2 = "{make_key("api03")}"  # claude-lint: ignore[hardcoded-api-key, no-such-rule] both\n'
        "y = 2  # claude-lint: ignore[] nothing named\n",
        encoding="utf-8",
    )
    (root / "cfg.yaml").write_text("a: 1  # claude-lint: ignore[base-url-not-approved] gateway\n", encoding="utf-8")
    (root / "claude-lint.yaml").write_text("rules:\n  base-url-not-approved: {disable: true}\n", encoding="utf-8")
    return root


def test_suppressions_json_lists_every_comment_with_its_state(suppressed_tree):
    res = cli("suppressions", "--format", "json", "--no-cache")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    rows = [
        (s["path"], s["line"], s["status"], [(r["id"], r["state"]) for r in s["rules"]], s["reason"])
        for s in doc["suppressions"]
    ]
    assert rows == [
        ("cfg.yaml", 1, "inactive", [("base-url-not-approved", "inactive")], "gateway"),
        ("src/app.py", 2, "used", [(API, "used")], "revoked key kept for a regression test"),
        ("src/app.py", 3, "unused", [("prompt-logged", "unused")], ""),
        ("src/app.py", 4, "partly used", [(API, "used"), ("no-such-rule", "unknown")], "both"),
        ("src/app.py", 5, "no rule id", [], "nothing named"),
    ]
    assert doc["summary"] == {
        "suppressions": 5,
        "files": 2,
        "used": 1,
        "partly_used": 1,
        "unused": 1,
        "inactive": 1,
        "no_rule_id": 1,
        "without_reason": 1,
    }


def test_suppressions_text_table_and_paths(suppressed_tree):
    res = cli("suppressions", "src", "--no-cache")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["where", "status", "rules", "reason"]
    assert re.match(r"src/app\.py:2\s+used\s+hardcoded-api-key\s+revoked key", lines[1])
    assert re.match(r"src/app\.py:3\s+unused\s+prompt-logged\s+\(no reason\)", lines[2])
    assert "no-such-rule (unknown)" in lines[3]
    assert (
        lines[-1]
        == "4 suppressions in 1 file: 1 used, 1 partly used, 1 unused, 1 without a rule id, 1 without a reason."
    )
    # the cache gives the same answer
    assert cli("suppressions", "src").stdout == cli("suppressions", "src").stdout == res.stdout


def test_suppressions_in_a_tree_without_any(in_tmp):
    (in_tmp / "app.py").write_text("import anthropic\n", encoding="utf-8")
    res = cli("suppressions", "--no-cache")
    assert res.exit_code == 0 and res.stdout == "0 suppressions in 0 files.\n"


def test_suppressions_policy_error_is_exit_2(in_tmp):
    (in_tmp / "claude-lint.yaml").write_text("nonsense: 1\n", encoding="utf-8")
    res = cli("suppressions", "--no-cache")
    assert res.exit_code == 2 and "claude-lint.yaml" in res.stderr


def test_suppressions_do_not_read_the_baseline(suppressed_tree):
    """A baseline does not change what a comment suppresses: a broken one is not even read."""
    (suppressed_tree / "claude-lint.yaml").write_text("baseline: broken.jsonl\n", encoding="utf-8")
    (suppressed_tree / "broken.jsonl").write_text("{", encoding="utf-8")
    assert cli("check", "--no-cache").exit_code == 2
    res = cli("suppressions", "--no-cache", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["summary"]["suppressions"] == 5
