"""The habits of a maintained project (issue 11 §3), enforced by the suite itself: ruff and mypy
pass with the configuration of pyproject.toml ([tool.ruff], [tool.mypy]), run from the repository
root as ``.ci/run`` runs them, and the strict part of the mypy configuration really is strict."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# an unannotated function, and a wrong assignment inside an unannotated function
_PROBE = "def untyped(x):\n    return x\n\n\ndef body():\n    n: int = 'not a number'\n    return n\n"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_ruff_check_passes():
    run = _run("ruff", "check", "claude_lint", "scripts", "tests")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


def test_mypy_passes_on_the_whole_package():
    run = _run("mypy")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Success" in run.stdout
    # ``files`` is the package: every module is checked, not only the strict ones
    checked = re.search(r"(\d+) source files", run.stdout)
    assert checked is not None, run.stdout
    assert int(checked.group(1)) == len(list((ROOT / "claude_lint").rglob("*.py")))


def _probe_mypy(module_file: str, tmp_path: Path) -> str:
    """mypy's report on ``_PROBE`` read in place of ``module_file`` (the real file is untouched)."""
    probe = tmp_path / "probe.py"
    probe.write_text(_PROBE)
    run = _run(
        "mypy", "--no-incremental", "--follow-imports", "silent", "--shadow-file", module_file, str(probe), module_file
    )
    return run.stdout


def test_the_analysis_surface_and_rule_contract_are_strict(tmp_path):
    for module_file in ("claude_lint/analysis/syntax.py", "claude_lint/surface/env.py", "claude_lint/rule.py"):
        out = _probe_mypy(module_file, tmp_path)
        assert "[no-untyped-def]" in out, (module_file, out)
        assert "[assignment]" in out, (module_file, out)


def test_the_rest_of_the_package_checks_untyped_bodies_without_requiring_annotations(tmp_path):
    out = _probe_mypy("claude_lint/baseline.py", tmp_path)
    assert "[no-untyped-def]" not in out, out
    assert "[assignment]" in out, out  # check_untyped_defs: the bodies of unannotated functions are checked
