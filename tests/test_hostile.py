"""Hostile input: a tree full of files that cannot be parsed, decoded or even read.

Nothing in it may crash the run or hide the rest: every skipped file gets a clear notice,
the one real finding is still reported (exit 1), ``--strict`` turns a skip into exit 4,
and a rule that crashes on one file becomes an internal-error notice.

The tree is built at test time; its one key comes from ``harness.make_key``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import make_key

from claude_lint.cli import main
from claude_lint.model import INCOMPLETE_KINDS

COOKIE = 'cookies = {"sessionKey": os.environ["X"]}'
MAX_SIZE = 200_000

#: file -> the notice kind it must produce (None: no notice)
EXPECTED_NOTICES = {
    "py2.py": "syntax-error",
    "syntax_error.py": "syntax-error",
    "invalid_utf8.py": "decode-error",
    "nul_bytes.py": "binary",
    "binary.py": "binary",
    "huge.py": "too-large",
    "parens.py": "syntax-error",
    "chain.py": "too-deep",
    "unreadable.py": "unreadable",
    "dangling.py": "symlink",
    "loop_a.py": "symlink",
    "loop_b.py": "symlink",
    "notebooks/truncated.ipynb": "bad-notebook",
    "notebooks/array.ipynb": "bad-notebook",
    "notebooks/deep.ipynb": "bad-notebook",
    "notebooks/cells.ipynb": "syntax-error",  # and a bad-notebook notice for a cell without usable source
}
#: files that must be analysed without any notice (and some with a finding)
CLEAN = ["latin1.py", "crlf.py", "bom.py", "separators.py", "real.py", "deep_but_fine.py", "notebooks/fine.ipynb"]


def build_tree(root: Path, *, with_finding: bool = True) -> dict:
    """The hostile tree; returns facts the tests check against."""
    root.mkdir(parents=True, exist_ok=True)
    facts: dict = {}

    def put(name: str, data: str | bytes) -> Path:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return p

    if with_finding:
        facts["key"] = make_key("api03")
        put("real.py", f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{facts["key"]}")\n')
    put("py2.py", 'import anthropic\nprint "hello"\ntry:\n    pass\nexcept Exception, e:\n    pass\n')
    put("syntax_error.py", "import anthropic\ndef broken(:\n    pass\n")
    put("invalid_utf8.py", b'import anthropic\nname = "caf\xe9 \xff\xfe"\n')
    put("nul_bytes.py", b"import anthropic\x00\nx = 1\n")
    put("binary.py", bytes(range(256)) * 20 + b"anthropic")
    put("huge.py", "import anthropic\n" + "x = 1\n" * (MAX_SIZE // 6 + 10))
    put("parens.py", "import anthropic\nx = " + "(" * 2000 + "1" + ")" * 2000 + "\n")
    put("chain.py", "import anthropic\nx = " + " + ".join(["a"] * 10_000) + "\n")
    # deep, but within what the parser accepts: the rules must cope (iterative walk)
    put(
        "deep_but_fine.py",
        "import anthropic, os\nx = "
        + " + ".join(['"a"'] * 2_500)
        + "\n"
        + "y = "
        + "[" * 150
        + "]" * 150
        + "\n"
        + "z = "
        + "f(" * 150
        + ")" * 150
        + "\n"
        + COOKIE
        + "\n",
    )
    put(
        "latin1.py",
        '# -*- coding: latin-1 -*-\nimport anthropic, os\nname = "café"\n'.encode("latin-1")
        + (COOKIE + "\n").encode("latin-1"),
    )
    put("crlf.py", ("import anthropic, os\r\n\r\n" + COOKIE + "\r\n").encode())
    put("bom.py", b"\xef\xbb\xbf" + ("import anthropic, os\n" + COOKIE + "\n").encode())
    # a form feed line and a U+2028 inside a string: line breaks for str.splitlines, not for Python
    put("separators.py", 'import anthropic, os\n\x0c\nx = "a\u2028b\x1cc"\n' + COOKIE + "\n")
    put("unreadable.py", "import anthropic\n")
    os.symlink("does-not-exist.py", root / "dangling.py")
    os.symlink("loop_b.py", root / "loop_a.py")
    os.symlink("loop_a.py", root / "loop_b.py")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "parent")  # a directory loop
    (root / "folder.py").mkdir()  # a directory named like a Python file
    put("folder.py/inside.py", "import anthropic, os\n" + COOKIE + "\n")
    os.mkfifo(root / "fifo.py")  # opening it would block forever
    # notebooks
    cell = lambda src: {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src}  # noqa: E731
    put("notebooks/truncated.ipynb", '{"cells": [{"cell_type": "code", "source": ["import anthropic\\n"')
    put("notebooks/array.ipynb", '["anthropic"]')
    put("notebooks/deep.ipynb", '{"cells": ' + "[" * 3000 + "]" * 3000 + ', "x": "anthropic"}')
    put(
        "notebooks/cells.ipynb",
        json.dumps(
            {
                "cells": [
                    cell(["import anthropic, os\n", COOKIE]),
                    cell("x = " + " + ".join(["a"] * 10_000)),
                    cell("x = " + "(" * 2000 + ")" * 2000),
                    cell(["x = '\udc80'\n"]),  # a lone surrogate: not encodable, not parseable
                    cell(["def broken(:\n"]),
                    cell(42),
                    cell([COOKIE]),
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            },
            indent=1,
        ),
    )
    put(
        "notebooks/fine.ipynb",
        json.dumps(
            {
                "cells": [cell(["import anthropic, os\n", "%ls\n", COOKIE])],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            },
            indent=1,
        ),
    )
    return facts


@pytest.fixture
def hostile(in_tmp, monkeypatch) -> dict:
    """The tree in the current folder, with ``unreadable.py`` failing to read (root can
    read chmod 000 files, so the read itself is made to fail)."""
    facts = build_tree(in_tmp)
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "unreadable.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    from claude_lint import safeio

    real_read_regular = safeio.read_regular

    def read_regular(path, limit, **kw):  # the runner reads through claude_lint.safeio
        if Path(path).name == "unreadable.py":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_regular(path, limit, **kw)

    monkeypatch.setattr(safeio, "read_regular", read_regular)
    return facts


def cli(*args: str):
    return CliRunner().invoke(main, ["check", "--no-cache", f"--max-file-size={MAX_SIZE}", *args])


def json_run(*args: str) -> tuple[int, dict]:
    result = cli("--format", "json", *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)


def test_every_skipped_file_has_a_clear_notice(hostile):
    result = cli()
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert result.exit_code == 1, out
    for name in EXPECTED_NOTICES:
        lines = [ln for ln in out.splitlines() if ln.startswith(f"notice: {name}:")]
        assert lines, f"no notice for {name}:\n{out}"
    assert "(this looks like Python 2 code)" in out
    assert "over the 200,000-byte limit (--max-file-size)" in out
    assert "nesting too deep" in out
    assert "Permission denied" in out
    for name in CLEAN:
        assert f"notice: {name}" not in out, out


def test_json_notices_and_findings(hostile):
    code, doc = json_run()
    assert code == 1
    kinds: dict[str, set[str]] = {}
    for n in doc["notices"]:
        kinds.setdefault(n["path"], set()).add(n["kind"])
    for name, kind in EXPECTED_NOTICES.items():
        assert kind in kinds.get(name, ()), (name, [n for n in doc["notices"] if n["path"] == name])
    assert kinds["notebooks/cells.ipynb"] == {"syntax-error", "bad-notebook"}
    assert all(len(k) == 1 for name, k in kinds.items() if name != "notebooks/cells.ipynb"), kinds
    assert set(kinds) <= set(EXPECTED_NOTICES), sorted(set(kinds) - set(EXPECTED_NOTICES))
    assert all(n["message"] for n in doc["notices"])
    assert not any(n["kind"] == "internal-error" for n in doc["notices"])

    got = {(f["rule_id"], f["path"]) for f in doc["findings"]}
    # the one key, still found among the wreckage, and redacted
    assert ("hardcoded-api-key", "real.py") in got
    assert hostile["key"] not in json.dumps(doc)
    # files with odd encodings or line endings were parsed and analysed
    for name in (
        "latin1.py",
        "crlf.py",
        "bom.py",
        "separators.py",
        "deep_but_fine.py",
        "folder.py/inside.py",
        "notebooks/fine.ipynb",
    ):
        assert ("consumer-credential", name) in got, name
    where = {f["path"]: (f["line"], f["column"]) for f in doc["findings"] if f["rule_id"] == "consumer-credential"}
    column = COOKIE.index("os.environ") + 1
    assert where["latin1.py"] == (4, column) and where["crlf.py"] == (3, column) and where["bom.py"] == (2, column)
    assert where["separators.py"] == (4, column)
    # the broken cells of a notebook are skipped one by one; its good cells are analysed
    cells = sorted(f["properties"]["cell"] for f in doc["findings"] if f["path"] == "notebooks/cells.ipynb")
    assert cells == [1, 7]
    cell_notices = sorted(n["message"].split(" ")[1] for n in doc["notices"] if n["path"] == "notebooks/cells.ipynb")
    assert cell_notices == ["2", "3", "4", "5", "6"]


def test_symlink_loops_are_not_followed(hostile):
    _code, doc = json_run()
    paths = [f["path"] for f in doc["findings"]]
    assert not any(p.startswith("sub/") for p in paths)
    assert len(paths) == len({(f["path"], f["line"], f["rule_id"]) for f in doc["findings"]})
    assert not any("fifo" in n["path"] for n in doc["notices"])


def test_strict_gives_4_when_only_skips_happened(in_tmp, monkeypatch):
    build_tree(in_tmp, with_finding=False)
    for name in (
        "latin1.py",
        "crlf.py",
        "bom.py",
        "separators.py",
        "deep_but_fine.py",
        "folder.py/inside.py",
        "notebooks/fine.ipynb",
        "notebooks/cells.ipynb",
    ):  # these hold findings
        (in_tmp / name).unlink()
    assert cli().exit_code == 0
    assert cli("--strict").exit_code == 4
    assert cli("--strict", "--exit-zero").exit_code == 0


def test_strict_with_findings_is_still_1(hostile):
    assert cli("--strict").exit_code == 1


def test_a_crashing_python_rule_becomes_an_internal_error_notice(hostile, monkeypatch):
    from claude_lint.checks.consumer_credential import ConsumerCredential

    def boom(self, node, ctx):
        raise RuntimeError("rule exploded")

    monkeypatch.setattr(ConsumerCredential, "visit_Dict", boom)
    code, doc = json_run()
    assert code == 1  # the key is still reported
    assert ("hardcoded-api-key", "real.py") in {(f["rule_id"], f["path"]) for f in doc["findings"]}
    errors = [n for n in doc["notices"] if n["kind"] == "internal-error"]
    assert {n["path"] for n in errors} >= {"crlf.py", "bom.py", "latin1.py", "notebooks/fine.ipynb"}
    assert all(
        "internal error in rule consumer-credential: RuntimeError: rule exploded" in n["message"] for n in errors
    )
    assert all(n["level"] == "error" for n in errors)
    # the other visit methods of the same rule on other files were unaffected
    assert cli("--strict").exit_code == 1


def test_a_crashing_text_rule_becomes_an_internal_error_notice(hostile, monkeypatch):
    from claude_lint.checks.consumer_credential import ConsumerCredential

    def boom(self, ctx):
        raise ValueError("text rule exploded")

    monkeypatch.setattr(ConsumerCredential, "scan_text", boom)
    code, doc = json_run()
    assert code == 1
    assert ("hardcoded-api-key", "real.py") in {(f["rule_id"], f["path"]) for f in doc["findings"]}
    assert any(n["kind"] == "internal-error" and "text rule exploded" in n["message"] for n in doc["notices"])


def test_a_crash_outside_the_rules_is_contained_to_its_file(hostile, monkeypatch):
    import claude_lint.notebook as nb

    key = hostile["key"]

    def boom(path, text):
        raise KeyError(f"loader exploded near {key}")

    monkeypatch.setattr(nb, "load_notebook", boom)
    code, doc = json_run()
    assert code == 1
    errors = {n["path"]: n["message"] for n in doc["notices"] if n["kind"] == "internal-error"}
    assert set(errors) == {str(p.relative_to(Path.cwd())) for p in Path("notebooks").resolve().glob("*.ipynb")}
    assert all("loader exploded" in m for m in errors.values())
    assert key not in json.dumps(doc)
    assert ("hardcoded-api-key", "real.py") in {(f["rule_id"], f["path"]) for f in doc["findings"]}


def test_deep_nesting_never_reaches_libcst(hostile, monkeypatch):
    """libcst (1.9) segfaults on these inputs: nothing in a run may hand them to it."""
    import libcst

    calls = []

    def spy(name):
        real = getattr(libcst, name)

        def inner(source, *a, **kw):
            calls.append(name)
            if isinstance(source, (str, bytes)) and (len(source) > 10_000 or "((((((((((" in str(source)):
                raise AssertionError(f"libcst.{name} was handed hostile input")
            return real(source, *a, **kw)

        return inner

    for name in ("parse_module", "parse_expression", "parse_statement"):
        monkeypatch.setattr(libcst, name, spy(name))
    code, doc = json_run()
    assert code == 1
    assert not any(n["kind"] == "internal-error" for n in doc["notices"])


def test_a_real_process_survives_the_tree(tmp_path):
    """The same tree in a real process (a FIFO, deep nesting, a segfault would all show
    here): it ends, with exit 1, no traceback, within a generous time limit."""
    build_tree(tmp_path)
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "claude_lint",
            "check",
            "--no-cache",
            f"--max-file-size={MAX_SIZE}",
            "--format",
            "json",
            ".",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Fatal Python error" not in proc.stderr
    doc = json.loads(proc.stdout)
    kinds = {(n["path"], n["kind"]) for n in doc["notices"]}
    expected = {(k, v) for k, v in EXPECTED_NOTICES.items() if k != "unreadable.py"}  # readable out of process
    assert expected <= kinds, expected - kinds


def test_parallel_workers_handle_the_tree(hostile):
    """The same notices and findings when files are scanned in worker processes."""
    _c1, serial = json_run()
    _c2, parallel = json_run("--jobs", "2")
    assert serial["findings"] == parallel["findings"]
    assert sorted(map(json.dumps, serial["notices"])) == sorted(map(json.dumps, parallel["notices"]))


def test_explicit_hostile_paths(hostile):
    """Files named on the command line get the same treatment, and so do odd paths."""
    result = cli("binary.py", "dangling.py", "fifo.py", "missing.py", "sub/parent", "real.py")
    out = result.stdout
    assert result.exit_code == 1, out
    assert "notice: binary.py: skipped: binary content" in out
    assert "notice: dangling.py: dangling" in out
    assert "notice: missing.py: path does not exist" in out
    assert "notice: fifo.py:" in out
    assert "real.py:3:" in out


def test_incomplete_kinds_cover_every_skip():
    for kind in {"syntax-error", "decode-error", "binary", "too-large", "too-deep", "unreadable", "bad-notebook"}:
        assert kind in {k.value for k in INCOMPLETE_KINDS}
