"""The layering of DESIGN §3, checked: no import cycle in the package (function-local
imports included) and the import contracts of pyproject.toml ([tool.importlinter])."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_import_cycles():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_cycles.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.rstrip().endswith(" 0 cycle(s)"), run.stdout


def test_the_cycle_finder_sees_function_local_imports(tmp_path):
    """A cycle hidden in a function-local import is a cycle; one under TYPE_CHECKING is not."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import d\n")
    (pkg / "d.py").write_text("from . import c\n")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_cycles.py"), "--package-dir", str(pkg)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "cycle (2 modules): pkg.a, pkg.b" in run.stdout
    assert "pkg.c" not in run.stdout  # the TYPE_CHECKING import never runs
    assert run.stdout.rstrip().endswith("1 cycle(s)")


def test_import_contracts_are_kept():
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "0 broken" in run.stdout


def test_the_surface_and_the_analysis_pass_mypy_strict():
    """[tool.mypy] in pyproject.toml: strict on claude_lint.surface and claude_lint.analysis."""
    run = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Success" in run.stdout


def test_no_module_is_over_900_lines():
    """A module a newcomer can hold in their head (issue 11): split one that grows past 900 lines."""
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "claude_lint"
    big = {
        str(p.relative_to(package)): n
        for p in package.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 900
    }
    assert big == {}
