"""The composite action and the documented workflow validate against GitHub's schemas
(vendored in check-jsonschema, offline)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _validate(schema: str, path: Path) -> subprocess.CompletedProcess:
    # check-jsonschema is a declared test dependency, run from this interpreter (never PATH):
    # without it the tests fail, they do not skip.
    cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_action_yml_is_a_valid_action():
    res = _validate("vendor.github-actions", ROOT / "action.yml")
    assert res.returncode == 0, res.stdout + res.stderr


def test_documented_workflow_is_valid():
    res = _validate("vendor.github-workflows", ROOT / "docs" / "claude-lint-workflow.yml")
    assert res.returncode == 0, res.stdout + res.stderr


def test_validation_catches_a_typo(tmp_path):
    bad = tmp_path / "wf.yml"
    bad.write_text((ROOT / "docs" / "claude-lint-workflow.yml").read_text().replace("runs-on:", "runs_on:"))
    assert _validate("vendor.github-workflows", bad).returncode != 0


def test_readme_embeds_the_documented_workflow():
    readme = (ROOT / "README.md").read_text()
    assert "docs/claude-lint-workflow.yml" in readme
    assert "uses: github/codeql-action/upload-sarif@v4" in (ROOT / "docs" / "claude-lint-workflow.yml").read_text()


def test_action_passes_inputs_through_the_environment():
    """No `${{ inputs.* }}` inside a run script: that would be a script injection."""
    text = (ROOT / "action.yml").read_text()
    for block in text.split("run: ")[1:]:
        body = block.split("\n    - ")[0]
        assert "${{" not in body, body
