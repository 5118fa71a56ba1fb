"""Autofix (``check --fix`` / ``--diff-fixes``): the before/after fixture pairs, idempotence,
files left alone, layout kept, ``import os`` once, the redacted preview, selection and
suppressions respected, and a plain check that never imports libcst."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from harness import FIXTURES, ROOT, fill_text, fix_pairs, is_fix_expectation, make_key, unfill_text

from claude_lint import registry
from claude_lint.cli import main

PAIRS = fix_pairs()


def cli(*args: str):
    return CliRunner().invoke(main, ["check", "--no-cache", "--no-progress", *args])


# --------------------------------------------------------------------------- the fixture pairs


@pytest.mark.parametrize("rule_id,before,after", PAIRS, ids=[f"{r}/{b.name}" for r, b, _a in PAIRS])
def test_fix_pair(rule_id, before, after, in_tmp):
    """--fix turns the filled before-file into exactly the after-file (keys put back as their
    tokens); a second --fix finds nothing left to fix and changes nothing."""
    assert after.is_file(), f"{after.relative_to(ROOT)} is missing"
    shutil.copytree(FIXTURES / rule_id, in_tmp / rule_id)
    subprocess.run(["git", "init", "-q"], cwd=in_tmp, check=True)  # policies are found up to the repository root
    target = in_tmp / rule_id / before.relative_to(FIXTURES / rule_id)
    filled, back = fill_text(before.read_text(encoding="utf-8"))
    target.write_text(filled, encoding="utf-8")
    rel = target.relative_to(in_tmp).as_posix()

    first = cli("--fix", rel)
    assert "Traceback" not in first.stderr, first.stderr
    fixed = target.read_text(encoding="utf-8")
    assert unfill_text(fixed, back) == after.read_text(encoding="utf-8")
    assert "claude-lint: fixed " in first.stderr and " in 1 file" in first.stderr, first.stderr
    assert all(key not in first.output for key in back), "a key was printed in full"

    second = cli("--fix", rel)
    assert "claude-lint: fixed 0 findings in 0 files" in second.stderr, second.stderr
    assert target.read_text(encoding="utf-8") == fixed
    assert second.exit_code == first.exit_code  # what is left is reported the same way


def test_every_fix_fixture_has_its_pair():
    for path in FIXTURES.glob("*/fix/*"):
        if is_fix_expectation(path):
            stem = path.name.replace(".fixed.", ".", 1)
            assert (path.parent / stem).is_file(), f"{path.relative_to(ROOT)}: no {stem} beside it"
    for _rid, before, after in PAIRS:
        assert after.is_file(), f"{before.relative_to(ROOT)}: no {after.name} beside it"


def test_fixable_rules_have_fix_fixtures_and_document_the_fix():
    """A rule with a fix() has a before/after pair and an Autofix note; a pair belongs to a
    rule with a fix()."""
    fixable = {c.id for c in registry.rule_classes() if c.defines("fix")}  # the hook is declared on Rule
    with_pairs = {rid for rid, _b, _a in PAIRS}
    assert fixable == with_pairs
    assert fixable >= {"hardcoded-api-key", "insecure-base-url", "inference-geo-missing"}
    metas = registry.builtin_rules()
    for rid in registry.builtin_rules():
        assert ("**Autofix**" in metas[rid].docs) == (rid in fixable), rid


# --------------------------------------------------------------------------- files left alone

KEY_FILE = 'import anthropic\n\nclient = anthropic.Anthropic(api_key="{key}")\n'


def test_a_file_with_a_syntax_error_is_never_touched(in_tmp):
    key = make_key("api03")
    data = (KEY_FILE.format(key=key) + "def broken(:\n    pass\n").encode()
    (in_tmp / "broken.py").write_bytes(data)
    result = cli("--fix", "broken.py")
    assert (in_tmp / "broken.py").read_bytes() == data
    assert "broken.py: not fixed: does not parse" in result.stderr
    assert "fixed 0 findings in 0 files" in result.stderr
    assert result.exit_code == 1  # the key is still there


def test_notebooks_are_not_fixed(in_tmp):
    key = make_key("api03")
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": ["import anthropic\n", f'client = anthropic.Anthropic(api_key="{key}")\n'],
    }
    text = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    (in_tmp / "nb.ipynb").write_text(text, encoding="utf-8")
    result = cli("--fix", "nb.ipynb")
    assert (in_tmp / "nb.ipynb").read_text(encoding="utf-8") == text
    assert result.exit_code == 1
    assert "fixed 0 findings" in result.stderr


def test_suppressed_findings_are_not_fixed(in_tmp):
    key = make_key("api03")
    text = (
        "import anthropic\n\n"
        f'demo = anthropic.Anthropic(api_key="{key}")  # claude-lint: ignore[hardcoded-api-key] revoked demo key\n'
        f'client = anthropic.Anthropic(api_key="{key}")\n'
    )
    (in_tmp / "app.py").write_text(text, encoding="utf-8")
    result = cli("--fix", "app.py")
    lines = (in_tmp / "app.py").read_text(encoding="utf-8").splitlines()
    assert key in lines[3], "the suppressed line was changed"
    assert lines[4] == 'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])'
    assert "fixed 1 finding in 1 file" in result.stderr
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "flags,key_fixed,url_fixed",
    [
        (("--ignore", "hardcoded-api-key"), False, True),
        (("--select", "hardcoded-api-key"), True, False),
        (("--select", "secrets"), True, False),  # a tag
    ],
)
def test_fixes_respect_select_and_ignore(in_tmp, flags, key_fixed, url_fixed):
    key = make_key("api03")
    (in_tmp / "app.py").write_text(
        f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{key}", base_url="http://gw.acme.internal")\n',
        encoding="utf-8",
    )
    cli("--fix", *flags, "app.py")
    text = (in_tmp / "app.py").read_text(encoding="utf-8")
    assert (key not in text) == key_fixed
    assert ("https://gw.acme.internal" in text) == url_fixed


def test_shadowed_os_is_left_alone(in_tmp):
    key = make_key("api03")
    text = f'import anthropic\n\n\ndef make(os):\n    return anthropic.Anthropic(api_key="{key}")\n'
    (in_tmp / "app.py").write_text(text, encoding="utf-8")
    result = cli("--fix", "app.py")
    assert (in_tmp / "app.py").read_text(encoding="utf-8") == text
    assert result.exit_code == 1


# --------------------------------------------------------------------------- what a fix keeps


def test_import_os_is_added_exactly_once_after_the_docstring(in_tmp):
    keys = [make_key("api03") for _ in range(3)]
    (in_tmp / "app.py").write_text(
        '"""The app."""\nimport anthropic\n\n'
        f'a = anthropic.Anthropic(api_key="{keys[0]}")\n'
        f'b = anthropic.AsyncAnthropic(api_key="{keys[1]}")\n'
        f'KEY = "{keys[2]}"\n',
        encoding="utf-8",
    )
    result = cli("--fix", "app.py")
    text = (in_tmp / "app.py").read_text(encoding="utf-8")
    assert text.splitlines()[:3] == ['"""The app."""', "import os", "import anthropic"]
    assert text.count("import os") == 1
    assert text.count('os.environ["ANTHROPIC_API_KEY"]') == 3
    assert "fixed 3 findings in 1 file" in result.stderr
    assert result.exit_code == 0


def test_an_existing_import_is_used(in_tmp):
    key = make_key("api03")
    (in_tmp / "a.py").write_text(
        f'from os import environ as env\nimport anthropic\nc = anthropic.Anthropic(api_key="{key}")\n'
    )
    (in_tmp / "b.py").write_text(f'import os.path\nimport anthropic\nc = anthropic.Anthropic(api_key="{key}")\n')
    cli("--fix", ".")
    assert (in_tmp / "a.py").read_text().splitlines()[2] == 'c = anthropic.Anthropic(api_key=env["ANTHROPIC_API_KEY"])'
    b = (in_tmp / "b.py").read_text().splitlines()
    assert b[2] == 'c = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])' and b[0] == "import os.path"


@pytest.mark.parametrize(
    "name,prefix,encoding,newline",
    [
        ("crlf.py", b"", "utf-8", "\r\n"),
        ("bom.py", b"\xef\xbb\xbf", "utf-8", "\n"),
        ("latin1.py", b"", "latin-1", "\n"),
    ],
)
def test_encoding_bom_and_line_endings_are_kept(in_tmp, name, prefix, encoding, newline):
    key = make_key("api03")
    lines = [
        "# -*- coding: latin-1 -*-" if encoding == "latin-1" else "# app",
        "import anthropic",
        'name = "caf\u00e9"',
        f'c = anthropic.Anthropic(api_key="{key}")  # note',
        "",
    ]
    (in_tmp / name).write_bytes(prefix + newline.join(lines).encode(encoding))
    cli("--fix", name)
    data = (in_tmp / name).read_bytes()
    assert data.startswith(prefix)
    expected = [
        lines[0],
        "import os",
        *lines[1:3],
        'c = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])  # note',
        "",
    ]
    assert data[len(prefix) :] == newline.join(expected).encode(encoding)


# --------------------------------------------------------------------------- the preview


def test_diff_fixes_writes_nothing_and_prints_a_redacted_diff(in_tmp):
    key = make_key("api03")
    data = (KEY_FILE.format(key=key) + 'other = anthropic.Anthropic(base_url="http://gw.acme.internal")\n').encode()
    (in_tmp / "app.py").write_bytes(data)
    result = cli("--diff-fixes", "app.py")
    assert (in_tmp / "app.py").read_bytes() == data
    out = result.stdout
    assert out.startswith("--- a/app.py\n+++ b/app.py\n@@ ")
    assert key not in out and key not in result.stderr and key[-12:] not in out
    assert f'-client = anthropic.Anthropic(api_key="sk-ant-api03-…{key[-4:]}")\n' in out
    assert '+client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n' in out
    assert "+import os\n" in out
    assert '+other = anthropic.Anthropic(base_url="https://gw.acme.internal")\n' in out
    assert "would fix 2 findings in 1 file" in result.stderr
    assert result.exit_code == 1  # nothing was fixed: the findings are all still there


def test_diff_fixes_with_nothing_to_fix_prints_nothing(in_tmp):
    (in_tmp / "app.py").write_text("import anthropic\n\nclient = anthropic.Anthropic()\n")
    result = cli("--diff-fixes", "app.py")
    assert result.stdout == ""
    assert result.exit_code == 0


def test_fix_reports_what_is_left(in_tmp):
    key, admin = make_key("api03"), make_key("admin01")
    (in_tmp / "app.py").write_text(
        f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{key}")\nadmin = anthropic.Anthropic(api_key="{admin}")\n'
    )
    result = cli("--fix", "--format", "json", "app.py")
    doc = json.loads(result.stdout)
    assert [(f["rule_id"], f["line"]) for f in doc["findings"]] == [("hardcoded-api-key", 5)]  # shifted by `import os`
    assert "fixed 1 finding in 1 file" in result.stderr
    assert result.exit_code == 1


# --------------------------------------------------------------------------- cost and internals


def test_plain_check_does_not_import_libcst(tmp_path):
    (tmp_path / "app.py").write_text(KEY_FILE.format(key=make_key("api03")))
    code = (
        "import sys\n"
        "from claude_lint.cli import main\n"
        "try:\n    main(['check', '--no-cache', 'app.py'])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('LIBCST=%s' % ('libcst' in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "LIBCST=False" in proc.stderr, proc.stderr


def test_the_locator_agrees_with_libcst_positions():
    """The one-pass locator gives every node around an offset the same range as libcst's
    (whitespace-inclusive) PositionProvider."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper, WhitespaceInclusivePositionProvider

    from claude_lint.fix import _line_starts, locate

    text = (FIXTURES / "inference-geo-missing" / "fix" / "requests.py").read_text(encoding="utf-8")
    text = text.replace("\n", "\r\n", 3)  # mixed line endings
    module = cst.parse_module(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(WhitespaceInclusivePositionProvider)
    starts = _line_starts(text, True)
    offsets = list(range(0, len(text), 7))
    chains = locate(module, offsets)
    assert set(chains) == set(offsets)
    for off, chain in chains.items():
        for entry in chain:
            r = positions[entry.node]
            start = starts[r.start.line - 1] + r.start.column
            end = starts[r.end.line - 1] + r.end.column
            assert (entry.start, entry.end) == (start, end), (off, type(entry.node).__name__)
            assert entry.start <= off < entry.end


def test_a_file_too_deep_for_libcst_is_left_alone(in_tmp):
    """Python parses it, libcst's recursion gives up: the file stays as it was, the run goes on."""
    key = make_key("api03")
    data = (KEY_FILE.format(key=key) + "y = " + "[" * 150 + "]" * 150 + "\n").encode()
    (in_tmp / "deep.py").write_bytes(data)
    (in_tmp / "fine.py").write_text(KEY_FILE.format(key=key))
    result = cli("--fix", ".")
    assert (in_tmp / "deep.py").read_bytes() == data
    assert "deep.py: not fixed: " in result.stderr and "Traceback" not in result.stderr
    assert "fixed 1 finding in 1 file" in result.stderr
    assert key not in (in_tmp / "fine.py").read_text()


def test_a_file_that_cannot_be_written_is_reported(in_tmp, monkeypatch):
    import claude_lint.fix as fix

    def refuse(res):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fix, "write", refuse)
    key = make_key("api03")
    (in_tmp / "app.py").write_text(KEY_FILE.format(key=key))
    result = cli("--fix", "app.py")
    assert "app.py: not fixed: cannot write it: Permission denied" in result.stderr
    assert "fixed 0 findings in 0 files" in result.stderr
    assert result.exit_code == 1
