"""The semgrep engine: one offline subprocess, custom rules, named skips."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claude_lint.cli import main
from claude_lint.engines import semgrep as sg

# semgrep is a declared test dependency: without it these tests fail (they do not skip).
needs_semgrep = pytest.mark.usefixtures("require_semgrep")

CUSTOM_RULE = """\
rules:
  - id: acme-approved-model
    languages: [python]
    severity: ERROR
    message: Only the approved model may be used, not $M
    pattern: '$C.messages.create(..., model=$M, ...)'
    metadata:
      cwe: ["CWE-1188: Initialization of a Resource with an Insecure Default"]
      confidence: HIGH
"""

APP = """\
import anthropic

client = anthropic.Anthropic()
# naïve — 😀 non-ASCII before the match on the next line
x = 1; client.messages.create(model="claude-opus-4", max_tokens=5, messages=[])  # nosemgrep
"""


def _tree(tmp: Path, rule: str = CUSTOM_RULE) -> Path:
    (tmp / "org-rules").mkdir()
    (tmp / "org-rules" / "approved-model.yaml").write_text(rule)
    (tmp / "claude-lint.yaml").write_text("custom-rules: [org-rules]\n")
    (tmp / "app.py").write_text(APP, encoding="utf-8")
    return tmp


def _check(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


@needs_semgrep
def test_custom_rule_reports_under_its_own_id(in_tmp):
    _tree(in_tmp)
    res = _check(".", "--format", "json")
    assert res.exit_code == 1, res.output
    doc = json.loads(res.output)
    found = [f for f in doc["findings"] if f["rule_id"] == "acme-approved-model"]
    assert len(found) == 1, doc
    f = found[0]
    # `# nosemgrep` must not hide it: claude-lint's own suppressions are the only way
    assert f["path"] == "app.py" and f["line"] == 5
    assert f["severity"] == "high"
    assert "claude-opus-4" in f["message"]
    # semgrep reports UTF-8 byte columns; claude-lint recomputes code points
    assert f["column"] == 8


@needs_semgrep
def test_custom_rule_in_sarif_single_run(in_tmp):
    pytest.importorskip("claude_lint.report.sarif")
    _tree(in_tmp)
    res = _check(".", "--format", "sarif")
    doc = json.loads(res.output)
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "acme-approved-model" in ids
    results = [r for r in run["results"] if r["ruleId"] == "acme-approved-model"]
    assert len(results) == 1
    assert ids[results[0]["ruleIndex"]] == "acme-approved-model"


@needs_semgrep
def test_custom_rule_suppressed_by_claude_lint_comment(in_tmp):
    _tree(in_tmp)
    (in_tmp / "app.py").write_text(
        APP.replace("# nosemgrep", "# claude-lint: ignore[acme-approved-model] migration ticket ML-7"), encoding="utf-8"
    )
    res = _check(".", "--format", "json")
    doc = json.loads(res.output)
    assert not [f for f in doc["findings"] if f["rule_id"] == "acme-approved-model"], doc
    assert doc["summary"]["suppressed"] == 1


@needs_semgrep
def test_broken_custom_rule_is_an_error_naming_its_file(in_tmp):
    _tree(in_tmp, CUSTOM_RULE.replace("pattern:", "patern:"))
    res = CliRunner().invoke(main, ["check", "."])
    assert res.exit_code == 2, res.output
    assert "approved-model.yaml" in res.output


def test_unreadable_custom_rule_file_is_an_error(in_tmp):
    _tree(in_tmp, "rules: [oops")
    res = CliRunner().invoke(main, ["check", "."])
    assert res.exit_code == 2, res.output
    assert "approved-model.yaml" in res.output


def test_missing_semgrep_names_the_skipped_rules(in_tmp, monkeypatch):
    monkeypatch.setattr(sg, "semgrep_command", lambda: None)
    _tree(in_tmp)
    res = _check(".", "--format", "json")
    doc = json.loads(res.output)
    skipped = [n for n in doc["notices"] if n["kind"] == "engine-skipped"]
    assert skipped and "acme-approved-model" in skipped[0]["message"], doc["notices"]
    assert res.exit_code == 0
    res = CliRunner().invoke(main, ["check", ".", "--strict"])
    assert res.exit_code == 4, res.output
    assert "acme-approved-model" in res.output


def test_python_only_repository_never_starts_semgrep(in_tmp, monkeypatch):
    calls = []
    monkeypatch.setattr(sg, "run_semgrep", lambda *a, **k: calls.append(a) or sg.SemgrepRun([], []))
    (in_tmp / "app.py").write_text("import anthropic\nclient = anthropic.Anthropic()\n")
    (in_tmp / "util.py").write_text("print('hello')\n")
    res = _check(".")
    assert res.exit_code == 0, res.output
    assert calls == []


def test_offline_flags_and_environment(monkeypatch, tmp_path):
    seen = {}

    class Done:
        returncode = 0
        stdout = json.dumps({"results": [], "errors": [], "version": "x"})
        stderr = ""

    def fake_run(argv, cwd, env, **kw):
        seen.update(argv=argv, cwd=cwd, env=env)
        return Done()

    monkeypatch.setattr(sg, "semgrep_command", lambda: ["semgrep"])
    monkeypatch.setattr(sg.subprocess, "run", fake_run)
    (tmp_path / "a.py").write_text("x = 1\n")
    sg.run_semgrep(tmp_path, [tmp_path / "a.py"], [tmp_path / "r.yaml"])
    argv = seen["argv"]
    for flag in ("--metrics=off", "--disable-version-check", "--no-rewrite-rule-ids", "--disable-nosem", "--json"):
        assert flag in argv
    assert seen["env"]["SEMGREP_ENABLE_VERSION_CHECK"] == "0"
    assert seen["cwd"] == str(tmp_path)
    assert argv[-1] == "a.py", "targets must be relative to the root"
    assert not any(a.startswith(("p/", "r/", "auto")) for a in argv if a != "--json"), "registry configs never"


@needs_semgrep
def test_semgrep_start_is_fast_offline(tmp_path):
    """A re-enabled version check would make this take ~96 s on a closed network."""
    (tmp_path / "r.yaml").write_text(CUSTOM_RULE)
    (tmp_path / "a.py").write_text("client.messages.create(model='m')\n")
    t0 = time.perf_counter()
    result = sg.run_semgrep(tmp_path, [tmp_path / "a.py"], [tmp_path / "r.yaml"])
    assert time.perf_counter() - t0 < 30
    assert [m.rule_id for m in result.matches] == ["acme-approved-model"]


def test_rules_command_lists_custom_rules(in_tmp):
    _tree(in_tmp)
    res = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert res.exit_code == 0, res.output
    rules = {r["id"]: r for r in json.loads(res.output)}
    assert rules["acme-approved-model"]["origin"] == "custom"
    assert rules["acme-approved-model"]["severity"] == "high"
    assert rules["hardcoded-api-key"]["origin"] == "builtin"


def test_custom_rule_ids_can_be_configured_and_selected(in_tmp, monkeypatch):
    monkeypatch.setattr(sg, "semgrep_command", lambda: None)
    _tree(in_tmp)
    (in_tmp / "claude-lint.yaml").write_text(
        "custom-rules: [org-rules]\nrules: {acme-approved-model: {severity: low}}\nselect: [acme-approved-model]\n"
    )
    res = CliRunner().invoke(main, ["check", "."])
    assert res.exit_code == 0, res.output
    (in_tmp / "claude-lint.yaml").write_text(
        "custom-rules: [org-rules]\nrules: {acme-aproved-model: {severity: low}}\n"
    )
    res = CliRunner().invoke(main, ["check", "."])
    assert res.exit_code == 2 and "acme-approved-model" in res.output


def test_semgrep_is_found_next_to_the_interpreter_before_path(tmp_path, monkeypatch):
    """A venv's own semgrep wins, and is found with PATH empty: claude-lint called by its
    absolute path (cron, CI scripts, IDEs) has no venv on PATH."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    exe = bin_dir / "semgrep"
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    monkeypatch.setattr(sg.sys, "executable", str(bin_dir / "python"))
    monkeypatch.setenv("PATH", "")
    assert sg.semgrep_command() == [str(exe)]


def test_a_non_executable_file_named_semgrep_is_not_taken(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "semgrep").write_text("not a program")
    monkeypatch.setattr(sg.sys, "executable", str(bin_dir / "python"))
    monkeypatch.setattr(sg.sysconfig, "get_path", lambda name: str(bin_dir))
    monkeypatch.setenv("PATH", "")
    assert sg.semgrep_command() is None


@needs_semgrep
def test_venv_script_by_absolute_path_runs_the_companion_rules_without_path(tmp_path):
    """Issue 11's done-means: the venv's bin/claude-lint, called by its absolute path with PATH
    not containing the venv, runs the semgrep companion rules on a .env (no skip notice)."""
    import os
    import subprocess
    import sys

    script = Path(sys.executable).parent / "claude-lint"
    assert script.is_file(), (
        f"no claude-lint script next to {sys.executable}: install the project into this environment"
    )
    (tmp_path / ".env").write_text("CLOUD_ML_REGION=us-east5\n")
    (tmp_path / "app.py").write_text(
        "from anthropic import AnthropicVertex\n\nclient = AnthropicVertex(project_id='p')\n"
        "client.messages.create(model='claude-sonnet-4-5', max_tokens=10, messages=[])\n"
    )
    (tmp_path / "claude-lint.yaml").write_text("policy:\n  residency: eu\n")
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.defpath.split(os.pathsep) if p and p != venv_bin)
    env = {k: v for k, v in os.environ.items() if k not in ("PATH", "VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = path
    res = subprocess.run(
        [str(script), "check", ".", "--no-cache", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    doc = json.loads(res.stdout)
    assert not [n for n in doc["notices"] if n["kind"] == "engine-skipped"], doc["notices"]
    assert [(f["rule_id"], f["path"]) for f in doc["findings"] if f["path"] == ".env"] == [
        ("region-outside-policy", ".env")
    ]
