"""Issue 15 items 5 (per-file bounded work) and 7 (fail closed), each built like the attack.

Item 5: below ``--max-file-size`` a file could still cost minutes and gigabytes: a 9.9 MB
one-line ``.py`` (111 s, 6 GB), 200,000 nested f-string format specs (176 s), a notebook of
120,000 cells, a line of thousands of keys.  Each now stays within a time bound (generous:
the machine running the suite is loaded) and, where a limit cut the analysis, says so in a
``too-large`` notice that ``--strict`` turns into exit 4.

Item 7: one NUL byte in a ``.env`` hid the key after it (no finding, no notice, exit 0
even with ``--strict``); UTF-16 files were skipped silently.  Keys are generated
(tests/harness.py), never committed.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import ROOT, make_key

from claude_lint.engines import python as pyengine
from claude_lint.engines.text import MAX_FINDINGS_PER_RULE, SNIPPET_MAX
from claude_lint.notebook import MAX_CODE_CELLS, MAX_JSON_VALUES

#: seconds one hostile file may take end to end (measured: 1-5 s on a loaded 2-core machine)
TIME_BOUND = 20
#: peak memory of the whole claude-lint process on one hostile file (measured: < 300 MB)
MEMORY_BOUND_KB = 1_000_000

_MAIN = (
    "import resource, sys\n"
    "from claude_lint.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:], prog_name='claude-lint')\n"
    "finally:\n"
    "    sys.stderr.write('MAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def run(path: Path, *args: str) -> tuple[int, dict, float, int]:
    """``claude-lint check --format json`` in a fresh process: exit code, report, seconds,
    peak RSS in KB."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _MAIN, "check", "--no-cache", "--no-progress", "--format", "json", *args, str(path)],
        capture_output=True,
        env=env,
        timeout=TIME_BOUND * 6,
    )
    elapsed = time.monotonic() - start
    rss = int(proc.stderr.decode().rsplit("MAXRSS ", 1)[1].split()[0])
    assert proc.stdout, proc.stderr.decode()[-2000:]
    return proc.returncode, json.loads(proc.stdout), elapsed, rss


def notices(report: dict, kind: str) -> list[dict]:
    return [n for n in report["notices"] if n["kind"] == kind]


# --------------------------------------------------------------------------- item 5


def test_one_line_py_of_ten_megabytes(tmp_path):
    """The attack: ``x = [1,1,1,…]`` on one 9.9 MB line, under --max-file-size."""
    path = tmp_path / "big.py"
    path.write_text("import anthropic\nx = [" + "1," * 4_950_000 + "]\n", encoding="utf-8")
    assert path.stat().st_size < 10 * 1024 * 1024
    code, report, elapsed, rss = run(path, "--strict")
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"
    assert rss < MEMORY_BOUND_KB, f"{rss:,} KB"
    [notice] = notices(report, "too-large")
    assert "not parsed" in notice["message"] and "tokens" in notice["message"]
    assert code == 4  # the scan was incomplete: --strict says so


@pytest.mark.parametrize("specs", [200_000, 40_000])
def test_nested_fstring_format_specs(tmp_path, specs):
    """``f"{a:{b}}{a:{b}}…"``: CPython < 3.12 parses it in time quadratic in the literal.
    200,000 specs are over the token budget; 40,000 are under it, but over the f-string
    budget on Python < 3.12 (3.12's parser is linear: parsed there)."""
    path = tmp_path / "fstr.py"
    path.write_text('import anthropic\nx = f"' + "{a:{b}}" * specs + '"\n', encoding="utf-8")
    _code, report, elapsed, rss = run(path)
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"
    assert rss < MEMORY_BOUND_KB, f"{rss:,} KB"
    found = notices(report, "too-large")
    if specs == 200_000:
        assert found and "tokens" in found[0]["message"]
    elif sys.version_info < (3, 12):
        assert found and "f-strings" in found[0]["message"]


def test_fstring_budget_ignores_strings_and_comments():
    """The f-string measure skips what the tokenizer skips: braces in plain strings, in
    comments and in other quotes do not count; an f-string inside them is not one."""
    filler = "{" * 50_000
    text = f'x = \'{filler}\'  # f"{filler}"\ny = """f\'{filler}\'"""\nz = f\'{{a}}\'\n'
    assert pyengine.fstring_work(text * 20) <= pyengine.MAX_FSTRING_WORK
    hostile = 'x = f"' + "{a:{b}}" * 40_000 + '"\n'
    assert pyengine.fstring_work(hostile) > pyengine.MAX_FSTRING_WORK


def test_token_budget_is_an_upper_bound_of_the_tree():
    """nodes <= 2 x tokens on assorted code (``ast.walk`` counts each ``Load`` context and
    each statement wrapper too), so the budget bounds the tree before parsing."""
    import ast

    samples = [
        "def f(a, *b, c=1, **d):\n    return [x for x in a if x] + {k: v for k, v in d.items()}\n",
        "lambda: 0\n",
        "x = f'{a:{b}}{c!r}'\n",
        "x = a if b else not c and d or e\n",
        "a[:]; a[1:2:3]\n",
        "class C(B, metaclass=M):\n    @dec\n    async def m(self): await x\n",
        "match p:\n    case [1, *rest] | {'k': v} if v: pass\n" if sys.version_info >= (3, 10) else "pass\n",
    ]
    for source in samples:
        nodes = sum(1 for _ in ast.walk(ast.parse(source))) - 1  # the Module has no token
        assert nodes <= 2 * pyengine.exact_token_count(source), source
        assert pyengine.exact_token_count(source) <= pyengine.token_bound(source), source


def test_a_large_ordinary_file_is_still_parsed(tmp_path):
    """Under the budget nothing changes: a 200,000-token file is parsed and its findings reported."""
    path = tmp_path / "data.py"
    path.write_text(
        "import anthropic\nTABLE = [" + "1," * 100_000 + "]\n"
        'client = anthropic.Anthropic(base_url="http://llm-proxy.internal:8080")\n',
        encoding="utf-8",
    )
    _code, report, elapsed, _rss = run(path)
    assert elapsed < TIME_BOUND
    assert not report["notices"], report["notices"]
    assert any(f["rule_id"] == "insecure-base-url" for f in report["findings"])


def test_thousands_of_keys_on_one_line(tmp_path):
    """A 650 KB line of 6,000 keys: each finding used to copy, redact and hash the whole
    line (159 s for 5,000).  Now: bounded time, the first 1,000 findings and a notice,
    snippets cut around their key without showing part of a neighbour."""
    keys = [make_key("api03") for _ in range(6_000)]
    path = tmp_path / "keys.env"
    path.write_text("KEYS=" + " ".join(keys) + "\n", encoding="utf-8")
    code, report, elapsed, rss = run(path)
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"
    assert rss < MEMORY_BOUND_KB
    assert code == 1
    assert len(report["findings"]) == MAX_FINDINGS_PER_RULE
    [notice] = notices(report, "too-large")
    assert "6,000 findings of hardcoded-api-key" in notice["message"]
    out = json.dumps(report)
    for f in report["findings"]:
        assert len(f["snippet"]) < SNIPPET_MAX
    for key in keys:
        assert key[13:40] not in out  # no body of any key, whole or cut at a window's edge
    assert report["findings"][1]["column"] == len("KEYS=") + len(keys[0]) + 2


def test_notebook_of_120000_cells(tmp_path):
    """The attack from the issue: 120,000 cells under 10 MB (296 s before)."""
    cells = [{"cell_type": "code", "source": "import anthropic" if i == 0 else f"x{i} = {i}"} for i in range(120_000)]
    path = tmp_path / "many.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    assert path.stat().st_size < 10 * 1024 * 1024
    code, report, elapsed, rss = run(path, "--strict")
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"
    assert rss < MEMORY_BOUND_KB
    [notice] = notices(report, "too-large")
    assert f"over the {MAX_JSON_VALUES:,} limit" in notice["message"]
    assert code == 4


def test_notebook_code_cell_limit(tmp_path):
    """Under the JSON limit but over the code-cell limit: the first cells are analysed,
    the rest named in a notice."""
    n = MAX_CODE_CELLS + 500
    cells = [{"cell_type": "code", "source": "import anthropic" if i == 0 else "x = 1"} for i in range(n)]
    cells[5]["source"] = 'client = anthropic.Anthropic(base_url="http://llm-proxy.internal:8080")'
    path = tmp_path / "cells.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    _code, report, elapsed, _rss = run(path)
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"
    [notice] = notices(report, "too-large")
    assert f"cells {MAX_CODE_CELLS + 1} and later not analysed" in notice["message"]
    assert any(f["rule_id"] == "insecure-base-url" for f in report["findings"])


# --------------------------------------------------------------------------- item 7

KEY_LINE = "ANTHROPIC_API_KEY={key}\n"


def _env_files(folder: Path, key: str) -> dict[str, bytes]:
    line = KEY_LINE.format(key=key)
    return {
        "nul.env": b"DEBUG=1\x00\n" + line.encode(),  # the attack: one NUL before the key
        "nul-late.env": b"A=1\n" * 3000 + b"\x00" + line.encode(),
        "ps5-utf16le.env": codecs.BOM_UTF16_LE + ("X=1\r\n" + line).encode("utf-16-le"),  # Out-File in PowerShell 5
        "utf16be.env": codecs.BOM_UTF16_BE + line.encode("utf-16-be"),
        "utf32le.env": codecs.BOM_UTF32_LE + line.encode("utf-32-le"),
        "utf32be.env": codecs.BOM_UTF32_BE + line.encode("utf-32-be"),
        "utf16-no-bom.env": ("X=1\n" * 4 + line).encode("utf-16-le"),
        "blob.bin.dat": bytes(range(256)) * 8 + b"\xff\xfe" + line.encode(),  # binary: still key-scanned
    }


def test_a_nul_byte_or_a_wide_encoding_hides_no_key(tmp_path):
    key = make_key("api03")
    for name, data in _env_files(tmp_path, key).items():
        (tmp_path / name).write_bytes(data)
    code, report, _elapsed, _rss = run(tmp_path, "--strict")
    assert code == 1
    found = {f["path"].rsplit("/", 1)[-1] for f in report["findings"] if f["rule_id"] == "hardcoded-api-key"}
    assert found == set(_env_files(tmp_path, key)), found
    assert key not in json.dumps(report)
    by_path = {f["path"].rsplit("/", 1)[-1]: f for f in report["findings"]}
    assert (
        by_path["ps5-utf16le.env"]["line"] == 2
        and by_path["ps5-utf16le.env"]["column"] == len("ANTHROPIC_API_KEY=") + 1
    )
    # only the binary file is reported as partly undecodable
    assert [n["path"].rsplit("/", 1)[-1] for n in report["notices"]] == ["blob.bin.dat"]


def test_undecodable_utf16_is_a_notice_and_still_scanned(tmp_path):
    key = make_key("api03")
    data = (
        codecs.BOM_UTF16_LE
        + KEY_LINE.format(key=key).encode("utf-16-le")
        + "\ud800".encode("utf-16-le", "surrogatepass")
    )
    (tmp_path / "broken.env").write_bytes(data)
    code, report, _elapsed, _rss = run(tmp_path, "--strict")
    assert code == 1
    assert [f["rule_id"] for f in report["findings"]] == ["hardcoded-api-key"]
    [notice] = report["notices"]
    assert notice["kind"] == "decode-error" and "UTF-16" in notice["message"]


def test_binary_without_anything_a_rule_reads_stays_quiet(tmp_path):
    """Binary content with nothing any rule looks for is skipped without a notice, as before;
    a NUL-carrying Python file still gets its binary notice (and exit 4 under --strict)."""
    (tmp_path / "image.raw").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "mod.py").write_bytes(b"import anthropic\x00\n")
    code, report, _elapsed, _rss = run(tmp_path, "--strict")
    assert [(n["path"].rsplit("/", 1)[-1], n["kind"]) for n in report["notices"]] == [("mod.py", "binary")]
    assert code == 4
