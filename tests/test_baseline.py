"""Baselines (``--write-baseline``, ``--baseline``, the policy's ``baseline:`` key).

Keys are generated at test time (``harness.make_key``); nothing realistic is committed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import make_key

from claude_lint.cli import main

API = "hardcoded-api-key"


def cli(*args: str):
    return CliRunner().invoke(main, [*args])


def check(*args: str):
    """``claude-lint check`` with JSON output; returns (exit code, parsed report, full output)."""
    res = cli("check", "--format", "json", "--no-cache", *args)
    doc = json.loads(res.stdout) if res.stdout.strip().startswith("{") else None
    return res.exit_code, doc, res.output


def found(doc) -> list[tuple[str, str, int]]:
    return [(f["rule_id"], f["path"], f["line"]) for f in doc["findings"]]


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            "-C",
            str(root),
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(in_tmp) -> tuple[Path, str]:
    """A git repository: src/app.py holds one hard-coded key (line 3)."""
    key = make_key("api03")
    git(in_tmp, "init", "-q")
    (in_tmp / "src").mkdir()
    (in_tmp / "src" / "app.py").write_text(f'import anthropic\n\nKEY = "{key}"\n', encoding="utf-8")
    (in_tmp / "src" / "other.py").write_text("x = 1\n", encoding="utf-8")
    return in_tmp, key


BASELINE = ".claude-lint-baseline.jsonl"


# --------------------------------------------------------------------------- the done-means test


def test_shifted_finding_stays_hidden_and_a_second_identical_one_is_reported(repo):
    root, key = repo
    code, doc, out = check(".", "--write-baseline", BASELINE)
    assert code == 0, out
    assert found(doc) == [] and doc["summary"]["baselined"] == 1

    # a line inserted above the accepted finding, and a new, identical finding further down
    app = root / "src" / "app.py"
    app.write_text(
        f'import anthropic\n# a new comment\n\nKEY = "{key}"\n\nOTHER = 1\nKEY = "{key}"\n', encoding="utf-8"
    )
    code, doc, out = check(".", "--baseline", BASELINE)
    assert code == 1, out
    assert found(doc) == [(API, "src/app.py", 7)]  # the later one in file order
    assert doc["summary"]["baselined"] == 1
    assert doc["summary"]["baseline"]["stale"] == 0


# --------------------------------------------------------------------------- count semantics


def test_count_accepts_exactly_that_many_identical_findings(repo):
    root, key = repo
    app = root / "src" / "app.py"
    app.write_text(f'KEY = "{key}"\nKEY = "{key}"\n', encoding="utf-8")
    check(".", "--write-baseline", BASELINE)
    entries = [json.loads(line) for line in (root / BASELINE).read_text(encoding="utf-8").splitlines()[1:]]
    assert [(e["path"], e["rule"], e["count"]) for e in entries] == [("src/app.py", API, 2)]

    app.write_text(f'KEY = "{key}"\nKEY = "{key}"\nKEY = "{key}"\n', encoding="utf-8")
    code, doc, _ = check(".", "--baseline", BASELINE)
    assert code == 1 and found(doc) == [(API, "src/app.py", 3)]
    assert doc["summary"]["baselined"] == 2

    # one of the two accepted findings is gone: nothing to report, one entry is stale
    app.write_text(f'KEY = "{key}"\n', encoding="utf-8")
    code, doc, _ = check(".", "--baseline", BASELINE)
    assert code == 0 and found(doc) == []
    assert doc["summary"]["baseline"]["stale"] == 1
    res = cli("check", "--no-cache", ".", "--baseline", BASELINE)
    assert res.exit_code == 0
    assert (
        "0 findings" in res.stdout and "1 baselined" in res.stdout and "1 baseline entry no longer found" in res.stdout
    )


def test_a_different_key_on_the_same_line_is_new(repo):
    root, key = repo
    check(".", "--write-baseline", BASELINE)
    app = root / "src" / "app.py"
    app.write_text(app.read_text(encoding="utf-8").replace(key, make_key("api03")), encoding="utf-8")
    code, doc, _ = check(".", "--baseline", BASELINE)
    assert code == 1 and found(doc) == [(API, "src/app.py", 3)]


def test_deleted_file_entries_are_stale_not_a_failure(repo):
    root, _key = repo
    check(".", "--write-baseline", BASELINE)
    (root / "src" / "app.py").unlink()
    code, doc, out = check(".", "--baseline", BASELINE)
    assert code == 0, out
    assert doc["summary"]["baseline"]["stale"] == 1
    # a run over other files only does not call the entry stale
    code, doc, _ = check("src/other.py", "--baseline", BASELINE)
    assert doc["summary"]["baseline"]["stale"] == 0


def test_stale_entries_of_deselected_rules_are_not_counted(repo):
    root, _key = repo
    (root / "src" / "s.py").write_text(f'S = "{make_key("sid01")}"\n', encoding="utf-8")
    check(".", "--write-baseline", BASELINE)
    code, doc, _ = check(".", "--baseline", BASELINE, "--select", API)
    assert code == 0 and doc["summary"]["baseline"]["stale"] == 0 and doc["summary"]["baselined"] == 1


def test_suppressed_findings_are_not_recorded(repo):
    root, key = repo
    (root / "src" / "app.py").write_text(
        f'KEY = "{key}"  # claude-lint: ignore[hardcoded-api-key] revoked test key\n', encoding="utf-8"
    )
    code, doc, _ = check(".", "--write-baseline", BASELINE)
    assert code == 0 and doc["summary"]["suppressed"] == 1 and doc["summary"]["baselined"] == 0
    assert (root / BASELINE).read_text(encoding="utf-8").count("\n") == 1  # the header only


# --------------------------------------------------------------------------- the file


def test_file_is_stable_sorted_and_holds_no_key_and_no_absolute_path(repo):
    root, key = repo
    keys = [key, make_key("sid01"), make_key("api03")]
    (root / "b.py").write_text(f'A = "{keys[1]}"\nB = "{keys[2]}"\n', encoding="utf-8")
    (root / "a.env").write_text(f"ANTHROPIC_API_KEY={keys[2]}\n", encoding="utf-8")
    assert check(".", "--write-baseline", BASELINE)[0] == 0
    first = (root / BASELINE).read_bytes()
    assert check(".", "--write-baseline", BASELINE, "--jobs", "2")[0] == 0
    assert (root / BASELINE).read_bytes() == first  # byte-identical, whatever the scheduling

    text = first.decode("utf-8")
    assert text.endswith("\n") and "\r" not in text
    lines = text.splitlines()
    header = json.loads(lines[0])
    assert header["claude-lint-baseline"] == 1
    entries = [json.loads(line) for line in lines[1:]]
    assert len(entries) == 4
    order = [(e["path"], e["rule"], e["fingerprint"]) for e in entries]
    assert order == sorted(order)
    assert {e["path"] for e in entries} == {"a.env", "b.py", "src/app.py"}
    for e in entries:
        assert re.fullmatch(r"[0-9a-f]{32}", e["fingerprint"]) and e["count"] == 1
    for k in keys:
        assert k not in text and k[:30] not in text and k[-20:] not in text
    assert not re.search(r"sk-ant-[a-z]+\d\d-[A-Za-z0-9_\-]{8,}", text)
    assert str(root) not in text and os.path.realpath(root) not in text
    assert not re.search(r"20\d\d-\d\d-\d\d", text)  # no timestamp

    # the baseline file itself, scanned with the tree, is no finding
    code, doc, _ = check(".", "--baseline", BASELINE)
    assert code == 0 and found(doc) == [] and doc["summary"]["baselined"] == 4


def test_file_does_not_change_when_code_shifts(repo):
    """Line numbers are not in the keys, and the messages kept for readers have them blanked."""
    root, _key = repo
    secret = make_key("random40")
    app = root / "src" / "app.py"
    app.write_text(
        f'import anthropic\nSECRET = "{secret}"\nc = anthropic.Anthropic(api_key=SECRET)\n', encoding="utf-8"
    )
    check(".", "--write-baseline", BASELINE)
    before = (root / BASELINE).read_bytes()
    assert b"defined on line N" in before
    app.write_text("# one\n# two\n" + app.read_text(encoding="utf-8"), encoding="utf-8")
    _code, doc, _ = check(".", "--write-baseline", BASELINE)
    assert doc["summary"]["baselined"] == 1
    assert (root / BASELINE).read_bytes() == before


def test_written_fingerprint_is_the_sarif_fingerprint_at_the_root(repo):
    root, _key = repo
    check(".", "--write-baseline", BASELINE)
    entry = json.loads((root / BASELINE).read_text(encoding="utf-8").splitlines()[1])
    sarif = json.loads(cli("check", "--no-cache", "--format", "sarif", ".").stdout)
    (result,) = sarif["runs"][0]["results"]
    assert result["partialFingerprints"]["claude-lint/v1"] == entry["fingerprint"] + ":1"


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "content, words",
    [
        ("not json\n", "line 1: not valid JSON"),
        ('{"version": 1}\n', "not a claude-lint baseline"),
        ('{"claude-lint-baseline": 99}\n', "version 99"),
        ("", "empty file"),
        (
            '{"claude-lint-baseline": 1}\n{"path": "/etc/a.py", "rule": "x", "fingerprint": "'
            + "0" * 32
            + '", "count": 1}\n',
            "line 2: 'path'",
        ),
        (
            '{"claude-lint-baseline": 1}\n{"path": "a.py", "rule": "x", "fingerprint": "xyz", "count": 1}\n',
            "'fingerprint'",
        ),
        (
            '{"claude-lint-baseline": 1}\n{"path": "a.py", "rule": "x", "fingerprint": "'
            + "0" * 32
            + '", "count": 0}\n',
            "'count'",
        ),
        ('{"claude-lint-baseline": 1}\n[1, 2]\n', "line 2: expected a JSON object"),
        # a ValueError that is not a JSONDecodeError (int of more than 4,300 digits): no crash
        (
            '{"claude-lint-baseline": 1}\n{"count": ' + "9" * 5000 + "}\n",
            "line 2: not valid JSON (a value out of range)",
        ),
    ],
)
def test_broken_baseline_is_exit_2_naming_the_file(repo, content, words):
    root, _key = repo
    (root / "bad.jsonl").write_text(content, encoding="utf-8")
    res = cli("check", "--no-cache", ".", "--baseline", "bad.jsonl")
    assert res.exit_code == 2, res.output
    assert "bad.jsonl" in res.stderr and words in res.stderr
    assert "Traceback" not in res.output


def test_missing_baseline_is_exit_2(repo):
    res = cli("check", "--no-cache", ".", "--baseline", "nope.jsonl")
    assert res.exit_code == 2 and "nope.jsonl" in res.stderr and "--write-baseline" in res.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--baseline", "b.jsonl", "--no-baseline"),
        ("--write-baseline", "b.jsonl", "--baseline", "c.jsonl"),
        ("--write-baseline", "b.jsonl", "--no-baseline"),
        ("--write-baseline", "b.jsonl", "--diff", "HEAD"),
    ],
)
def test_conflicting_flags_are_exit_2(repo, args):
    root, _key = repo
    (root / "c.jsonl").write_text('{"claude-lint-baseline": 1}\n', encoding="utf-8")
    res = cli("check", "--no-cache", ".", *args)
    assert res.exit_code == 2, res.output
    assert not (root / "b.jsonl").exists()


def test_unwritable_baseline_is_exit_2(repo):
    root, _key = repo
    (root / "blocker").write_text("", encoding="utf-8")
    res = cli("check", "--no-cache", ".", "--write-baseline", "blocker/b.jsonl")
    assert res.exit_code == 2 and "blocker/b.jsonl" in res.stderr


# --------------------------------------------------------------------------- the policy key


def test_policy_baseline_key_is_used_unless_no_baseline(repo):
    root, _key = repo
    (root / "claude-lint.yaml").write_text("baseline: ci/baseline.jsonl\n", encoding="utf-8")
    check(".", "--write-baseline", "ci/baseline.jsonl")
    code, doc, _ = check(".")
    assert code == 0 and doc["summary"]["baselined"] == 1
    assert doc["summary"]["baseline"]["files"] == ["ci/baseline.jsonl"]
    code, doc, _ = check(".", "--no-baseline")
    assert code == 1 and found(doc) == [(API, "src/app.py", 3)]
    # from a subfolder the same policy (and its path, relative to the policy file) applies
    os.chdir(root / "src")
    code, doc, out = check(".")
    assert code == 0, out
    assert doc["summary"]["baselined"] == 1


def test_policy_naming_a_missing_or_broken_baseline_is_exit_2(repo):
    root, _key = repo
    (root / "claude-lint.yaml").write_text("baseline: missing.jsonl\n", encoding="utf-8")
    res = cli("check", "--no-cache", ".")
    assert res.exit_code == 2 and "missing.jsonl" in res.stderr and "claude-lint.yaml" in res.stderr
    (root / "missing.jsonl").write_text("{", encoding="utf-8")
    res = cli("check", "--no-cache", ".")
    assert res.exit_code == 2 and "missing.jsonl: line 1" in res.stderr
    assert cli("check", "--no-cache", ".", "--no-baseline").exit_code == 1  # --no-baseline does not read it


def test_explicit_baseline_overrides_the_policy_key(repo):
    root, _key = repo
    (root / "claude-lint.yaml").write_text("baseline: broken.jsonl\n", encoding="utf-8")
    (root / "broken.jsonl").write_text("{", encoding="utf-8")
    check(".", "--write-baseline", "good.jsonl")
    code, doc, out = check(".", "--baseline", "good.jsonl")
    assert code == 0 and doc["summary"]["baselined"] == 1, out


# --------------------------------------------------------------------------- paths: subfolders, hook, several repositories


def test_paths_are_repository_relative_from_a_subfolder_and_with_file_names(repo):
    """Written at the root; used from a subfolder, with pre-commit's file names (relative to
    the root), and with file names from a subfolder: the keys still match."""
    root, key = repo
    check(".", "--write-baseline", BASELINE)
    app = root / "src" / "app.py"
    app.write_text(f'import anthropic\n\n\nKEY = "{key}"\nKEY = "{key}"\n', encoding="utf-8")

    # pre-commit: run at the root with the staged file names
    code, doc, _ = check("src/app.py", "src/other.py", "--baseline", BASELINE)
    assert code == 1 and found(doc) == [(API, "src/app.py", 5)]
    # from a subfolder
    os.chdir(root / "src")
    code, doc, _ = check(".", "--baseline", f"../{BASELINE}")
    assert code == 1 and found(doc) == [(API, "app.py", 5)]
    code, doc, _ = check("app.py", "--baseline", str(root / BASELINE))
    assert code == 1 and found(doc) == [(API, "app.py", 5)]
    # and a baseline written from the subfolder is the same file
    check(".", "--write-baseline", "sub.jsonl")
    os.chdir(root)
    check(".", "--write-baseline", "root.jsonl")
    sub = (root / "src" / "sub.jsonl").read_text(encoding="utf-8")
    assert sub == (root / "root.jsonl").read_text(encoding="utf-8")


def test_precommit_hook_style_run_with_policy_baseline(repo):
    """The hook: `claude-lint check <staged files>` at the root, the policy naming the baseline."""
    root, key = repo
    (root / "claude-lint.yaml").write_text(f"baseline: {BASELINE}\n", encoding="utf-8")
    check(".", "--write-baseline", BASELINE)
    git(root, "add", ".")
    res = subprocess.run(
        [sys.executable, "-m", "claude_lint", "check", "--no-cache", "src/app.py", BASELINE, "claude-lint.yaml"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1 baselined" in res.stdout
    (root / "src" / "new.py").write_text(f'KEY = "{key}"\n', encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "claude_lint", "check", "--no-cache", "src/app.py", "src/new.py"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1, res.stdout + res.stderr
    reported = [line.split(": ")[0] for line in res.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]
    assert reported == ["src/new.py:1:8"]
    assert "1 baselined" in res.stdout


def test_diff_mode_counts_accepted_findings_on_unchanged_lines(repo):
    root, key = repo
    git(root, "add", ".")
    git(root, "commit", "-qm", "one")
    check(".", "--write-baseline", BASELINE)
    app = root / "src" / "app.py"
    app.write_text(app.read_text(encoding="utf-8") + f'KEY = "{key}"\n', encoding="utf-8")
    code, doc, _ = check(".", "--baseline", BASELINE, "--diff", "HEAD")
    assert code == 1 and found(doc) == [(API, "src/app.py", 4)]


def test_outside_git_paths_are_relative_to_the_policy_folder(in_tmp):
    """Source drops without git under one policy: the same keys whichever folder or file is named."""
    key = make_key("api03")
    (in_tmp / "claude-lint.yaml").write_text(f"baseline: {BASELINE}\n", encoding="utf-8")
    for name in ("a", "b"):
        (in_tmp / "drops" / name).mkdir(parents=True)
        (in_tmp / "drops" / name / "app.py").write_text(f'KEY = "{key}"\n', encoding="utf-8")
    code, _doc, out = check("drops/a", "drops/b", "--write-baseline", BASELINE)
    assert code == 0, out
    paths = [json.loads(line)["path"] for line in (in_tmp / BASELINE).read_text(encoding="utf-8").splitlines()[1:]]
    assert paths == ["drops/a/app.py", "drops/b/app.py"]
    for args in (("drops",), ("drops/a",), ("drops/b/app.py",)):
        code, doc, out = check(*args)
        assert code == 0 and doc["summary"]["baselined"] >= 1, (args, out)
    os.chdir(in_tmp / "drops" / "a")
    code, doc, out = check(".")
    assert code == 0 and doc["summary"]["baselined"] == 1, out


def _two_repos(base: Path, key: str) -> None:
    for name in ("one", "two"):
        (base / name).mkdir()
        git(base / name, "init", "-q")
        (base / name / "app.py").write_text(f'KEY = "{key}"\n', encoding="utf-8")


def test_write_baseline_over_several_repositories_is_exit_2(in_tmp):
    _two_repos(in_tmp, make_key("api03"))
    res = cli("check", "--no-cache", "one", "two", "--write-baseline", BASELINE)
    assert res.exit_code == 2 and "several repositories" in res.stderr
    assert not (in_tmp / BASELINE).exists()


def test_each_repository_uses_its_own_policy_baseline(in_tmp):
    key = make_key("api03")
    _two_repos(in_tmp, key)
    (in_tmp / "one" / "claude-lint.yaml").write_text(f"baseline: {BASELINE}\n", encoding="utf-8")
    os.chdir(in_tmp / "one")
    check(".", "--write-baseline", BASELINE)
    os.chdir(in_tmp)
    code, doc, _ = check("one", "two")
    assert code == 1 and found(doc) == [(API, "two/app.py", 1)]
    assert doc["summary"]["baselined"] == 1
    # --baseline FILE applies to every repository, each matched on its own
    code, doc, _ = check("one", "two", "--baseline", f"one/{BASELINE}")
    assert code == 0 and found(doc) == [] and doc["summary"]["baselined"] == 2


# --------------------------------------------------------------------------- outputs


def test_baselined_findings_stay_out_of_sarif_unless_asked_and_keep_their_fingerprints(repo):
    root, key = repo
    check(".", "--write-baseline", BASELINE)
    app = root / "src" / "app.py"
    app.write_text(app.read_text(encoding="utf-8") + f'KEY = "{key}"\n', encoding="utf-8")

    def results(*extra):
        doc = json.loads(cli("check", "--no-cache", "--format", "sarif", ".", *extra).stdout)
        return doc["runs"][0]["results"]

    plain = results("--no-baseline")
    assert len(plain) == 2
    shown = results("--baseline", BASELINE)
    assert len(shown) == 1
    # the new finding keeps the fingerprint it has without a baseline (occurrence 2)
    assert shown[0]["partialFingerprints"] == plain[1]["partialFingerprints"]
    assert shown[0]["partialFingerprints"]["claude-lint/v1"].endswith(":2")
    both = results("--baseline", BASELINE, "--include-suppressed")
    assert [r.get("suppressions", [{}])[0].get("kind") for r in both] == ["external", None]


def test_text_and_markdown_name_the_baselined_count(repo):
    _root, _key = repo
    check(".", "--write-baseline", BASELINE)
    res = cli("check", "--no-cache", ".", "--baseline", BASELINE)
    assert res.exit_code == 0 and "1 baselined" in res.stdout
    res = cli("check", "--no-cache", ".", "--baseline", BASELINE, "--include-suppressed")
    assert "(baselined)" in res.stdout
    res = cli("check", "--no-cache", ".", "--baseline", BASELINE, "--format", "markdown")
    assert "1 finding accepted in the baseline" in res.stdout


def test_write_baseline_says_what_it_recorded(repo):
    res = cli("check", "--no-cache", ".", "--write-baseline", BASELINE)
    assert res.exit_code == 0
    assert f"1 finding recorded in {BASELINE}" in res.stderr
