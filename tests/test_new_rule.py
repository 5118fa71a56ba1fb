"""scripts/new_rule.py scaffolds a rule that works: in a copy of the checkout, the registry
lists it, the generated docs and schema are current, its fixture fires on exactly the
annotated lines, its docs' Example fires and Use instead does not, and it touches only the
files README's "Adding a rule" names."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from harness import expectations

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "new_rule.py"
DOC_EXAMPLES = Path(__file__).resolve().parent / "doc_examples.py"
#: what the scaffold and the checks it must pass need of the checkout
PARTS = ("claude_lint", "rules", "fixtures", "scripts", "docs")


def _copy(dst: Path) -> Path:
    for part in PARTS:
        shutil.copytree(ROOT / part, dst / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dst


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _touched(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def _py(root: Path, *args: str) -> subprocess.CompletedProcess:
    """A Python of this interpreter with the copy's ``claude_lint`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _new_rule_module():
    spec = importlib.util.spec_from_file_location("new_rule", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _assert_the_rule_works(root: Path, rule_id: str, engines: str) -> None:
    listed = _py(root, "-m", "claude_lint", "rules", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rules = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rule_id in rules, sorted(rules)
    assert "+".join(rules[rule_id]["engines"]) == engines

    for script in ("gen_docs.py", "gen_schema.py"):
        proc = _py(root, f"scripts/{script}", "--check")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"## {rule_id}\n" in (root / "docs" / "rules.md").read_text(encoding="utf-8")
    schema = json.loads((root / "claude_lint" / "schema" / "claude-lint.schema.json").read_text(encoding="utf-8"))
    assert rule_id in schema["properties"]["rules"]["properties"]

    docs = _py(root, str(DOC_EXAMPLES), rule_id)
    assert docs.returncode == 0, docs.stdout + docs.stderr
    assert f"{rule_id}: ok" in docs.stdout

    check = _py(root, "-m", "claude_lint", "check", f"fixtures/{rule_id}", "--format", "json", "--no-cache")
    assert check.returncode in (0, 1), check.stderr
    report = json.loads(check.stdout)
    assert report["summary"]["notices"] == 0, check.stdout
    got = {(f["rule_id"], f["path"], f["line"]) for f in report["findings"] if f["rule_id"] == rule_id}
    exp = expectations(root / "fixtures" / rule_id, root)
    assert exp.fire and got == exp.fire
    assert {(p, n) for (p, n), ids in exp.must_not.items() if rule_id in ids}, "the fixture has no `# ok:` line"


@pytest.fixture
def checkout(tmp_path) -> Path:
    return _copy(tmp_path / "checkout")


def test_scaffolds_a_python_rule(checkout):
    before = _snapshot(checkout)
    proc = _py(checkout, "scripts/new_rule.py", "unpinned-model", "--severity", "high", "--tags", "security,compliance")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _touched(before, _snapshot(checkout)) == {
        "claude_lint/checks/unpinned_model.py",
        "fixtures/unpinned-model/example.py",
        "docs/rules.md",
        "claude_lint/schema/claude-lint.schema.json",
    }
    module = (checkout / "claude_lint" / "checks" / "unpinned_model.py").read_text(encoding="utf-8")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"):
        assert section in module
    assert "severity = Severity.HIGH" in module and 'tags = ("security", "compliance")' in module
    _assert_the_rule_works(checkout, "unpinned-model", "python")


def test_scaffolds_a_rule_with_a_semgrep_companion_for_configuration_files(checkout):
    before = _snapshot(checkout)
    proc = _py(
        checkout,
        "scripts/new_rule.py",
        "debug-switch-set",
        "--semgrep",
        "--env",
        "ACME_CLAUDE_DEBUG",
        "--call",
        "acme.debug_client",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _touched(before, _snapshot(checkout)) == {
        "claude_lint/checks/debug_switch_set.py",
        "rules/debug-switch-set.yaml",
        "fixtures/debug-switch-set/example.py",
        "fixtures/debug-switch-set/app.env",
        "docs/rules.md",
        "claude_lint/schema/claude-lint.schema.json",
    }
    _assert_the_rule_works(checkout, "debug-switch-set", "python+semgrep")


def test_the_scaffold_is_real_logic_once_the_body_changes(checkout):
    """The contributor's step: replace the body.  The same checks then judge the new logic
    (here: report the call only when it passes ``verbose=True``, docs and fixture updated)."""
    assert _py(checkout, "scripts/new_rule.py", "verbose-client").returncode == 0
    module = checkout / "claude_lint" / "checks" / "verbose_client.py"
    text = module.read_text(encoding="utf-8")
    text = text.replace(
        "        if name in CALLS:\n",
        "        if name in CALLS and any(\n"
        '            k.arg == "verbose" and isinstance(k.value, ast.Constant) and k.value.value is True\n'
        "            for k in node.keywords\n        ):\n",
    )
    text = text.replace("result = anthropic.VerboseClient()", "result = anthropic.VerboseClient(verbose=True)")
    text = text.replace(
        "factory = anthropic.VerboseClient  # named, not called: not reported",
        "result = anthropic.VerboseClient(verbose=False)",
    )
    module.write_text(text, encoding="utf-8")
    fixture = checkout / "fixtures" / "verbose-client" / "example.py"
    fixture.write_text(
        "import anthropic\n\n# ruleid: verbose-client\nresult = anthropic.VerboseClient(verbose=True)\n\n"
        "# ok: verbose-client\nresult = anthropic.VerboseClient(verbose=False)\n",
        encoding="utf-8",
    )
    assert _py(checkout, "scripts/gen_docs.py").returncode == 0
    _assert_the_rule_works(checkout, "verbose-client", "python")
    # and the checks can fail: docs whose Use instead fires are caught
    module.write_text(
        text.replace(
            "result = anthropic.VerboseClient(verbose=False)",
            "result = anthropic.VerboseClient(verbose=True)  # still verbose",
        ),
        encoding="utf-8",
    )
    docs = _py(checkout, str(DOC_EXAMPLES), "verbose-client")
    assert docs.returncode == 1 and "the Use-instead block fires" in docs.stdout


@pytest.mark.parametrize(
    "rule_id, reason",
    [
        ("hardcoded-api-key", "is taken: claude_lint/checks/hardcoded_api_key.py, fixtures/hardcoded-api-key"),
        ("insecure-base-url", "is taken: claude_lint/checks/insecure_base_url.py, rules/insecure-base-url.yaml"),
        ("Unpinned-Model", "invalid rule id"),
        ("unpinned_model", "invalid rule id"),
        ("model-v2", "invalid rule id"),
        ("unpinned--model", "invalid rule id"),
        ("no-pinned-model", "without a no- prefix"),
        ("import", "Python keyword"),
    ],
)
def test_refuses_a_taken_or_invalid_id_and_writes_nothing(rule_id, reason, tmp_path, capsys):
    root = _copy(tmp_path / "checkout")
    before = _snapshot(root)
    assert _new_rule_module().main([rule_id, "--root", str(root)]) == 1
    assert reason in capsys.readouterr().err
    assert _snapshot(root) == before


def test_refuses_bad_options(tmp_path, capsys):
    new_rule = _new_rule_module()
    for args in (["--tags", "Security"], ["--call", "print"], ["--env", "lower_case"], ["--summary", 'say "hi"']):
        with pytest.raises(SystemExit) as exc:
            new_rule.main(["unpinned-model", "--root", str(tmp_path), *args])
        assert exc.value.code == 2, args


def test_a_failing_generator_leaves_the_checkout_as_it_was(checkout):
    broken = checkout / "scripts" / "gen_schema.py"
    broken.write_text("raise SystemExit('schema generator broken')\n", encoding="utf-8")
    before = _snapshot(checkout)
    proc = _py(checkout, "scripts/new_rule.py", "unpinned-model", "--semgrep")
    assert proc.returncode == 1 and "schema generator broken" in proc.stderr
    assert _snapshot(checkout) == before
