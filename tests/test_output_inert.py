"""Output is inert (issue 15, item 2): hostile text from scanned files — literals, file names,
notebook cells, suppression reasons, a custom rule's message, policy values — goes through a
real ``python -m claude_lint`` run in every command and format, and no output can forge a
GitHub workflow command, drive a terminal, break out of its line, change Markdown structure
or create a SARIF embedded link."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from harness import make_key

from tests.test_sarif import github_problems, schema_errors

ROOT = Path(__file__).resolve().parent.parent

#: the payloads: each lands in a message (through a literal the rule quotes), a file name,
#: a notebook cell, a suppression reason and a custom rule's message
WORKFLOW = "https://claude.ai/api/o\n::error title=Approved::ok\n::add-mask::LGTM"
PAYLOADS = {
    "workflow": WORKFLOW,
    "clear": "https://claude.ai/api/c\x1b[2J\x1b[H",
    "osc-title": "https://claude.ai/api/t\x1b]0;pwned\x07",
    "osc8-link": "https://claude.ai/api/l\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
    "legacy": "https://claude.ai/api/g ##[error]forged",
    "markdown": "https://claude.ai/api/m `tick` | pipe <img src=x onerror=alert(1)> [x](http://evil) *b* _i_\r\n# h",
    "bidi": "https://claude.ai/api/b\u202egnp.exe\u2066\u2069 \x9b2J \x7f",
}
#: file names (no "/" possible) that carry the same shapes
NAMES = [
    "::error title=F::pwn.py",
    "##[error]legacy.py",
    "a`b|c<img src=x>[x](evil)*_.py",
    "esc\x1b[2Jclear\x1b]0;t\x07.py",
    "bidi\u202eyp.py",
    "nl\n::warning::x.py",
    ":",
]
CUSTOM_MESSAGE = "Custom ::error title=C::x\n##[error]y \x1b[2J [x](http://evil) <b>b</b> `t` | p \u202e"


def _py_literal(s: str) -> str:
    return json.dumps(s)  # a valid Python string literal with escapes for the control characters


def build(base: Path) -> None:
    """``base/repo``: the hostile repository; ``base/bad``: a policy whose value is hostile."""
    root = base / "repo"
    root.mkdir()
    lines = ["import anthropic", ""]
    for i, value in enumerate(PAYLOADS.values()):
        lines.append(f"c{i} = anthropic.Anthropic(base_url={_py_literal(value)})")
    lines.append(
        's = anthropic.Anthropic(base_url="https://claude.ai/api/s")  '
        "# claude-lint: ignore[consumer-endpoint] ::error::reason ##[error] \x1b[2J <b>[x](http://evil)</b> |"
    )
    lines.append("u = 1  # claude-lint: ignore[##[error]x, ::add-mask::y] \x1b]0;t\x07")
    (root / "app.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in NAMES:
        (root / name).write_text(
            f"import anthropic\nc = anthropic.Anthropic(base_url={_py_literal(WORKFLOW)})\n", encoding="utf-8"
        )
    # --diff-fixes prints context lines of the file around a fixed key
    (root / "fixme.py").write_text(
        'import anthropic\n\nDOC = """\n::error title=Fix::forged\n##[error]x \x1b[2J\n"""\n'
        f'client = anthropic.Anthropic(api_key="{make_key("api03")}")\n',
        encoding="utf-8",
    )
    (root / "::notice::broken.py").write_text("import anthropic\ndef broken(:\n", encoding="utf-8")
    cell = {
        "cell_type": "code",
        "metadata": {},
        "execution_count": 1,
        "source": [f"import anthropic\nc = anthropic.Anthropic(base_url={_py_literal(PAYLOADS['clear'])})\n"],
        "outputs": [{"output_type": "stream", "name": "stdout", "text": [WORKFLOW + "\x1b[2J\n"]}],
    }
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (root / "nb\x1b[2J::x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (root / "rules.yaml").write_text(
        "rules:\n  - id: evil-rule\n    message: " + json.dumps(CUSTOM_MESSAGE) + "\n"
        "    languages: [python]\n    severity: ERROR\n    pattern: anthropic.Anthropic(...)\n"
        "    metadata:\n      references: ['http://evil/[x](y)']\n",
        encoding="utf-8",
    )
    (root / "claude-lint.yaml").write_text(
        "custom-rules: [rules.yaml]\n"
        "policy:\n  approved-base-urls:\n    - " + json.dumps(WORKFLOW + " \x1b[2J ##[error]") + "\n",
        encoding="utf-8",
    )
    bad = base / "bad"
    bad.mkdir()
    (bad / "claude-lint.yaml").write_text(
        "policy:\n  residency: " + json.dumps(WORKFLOW + "\x1b[2J##[error]") + "\n", encoding="utf-8"
    )


COMMANDS = [
    # --include-suppressed: suppressed findings and their reasons are printed too
    *(("check", fmt) for fmt in ("text", "json", "sarif", "github", "markdown")),
    *(("inventory", fmt) for fmt in ("text", "json", "markdown")),
    ("suppressions", "text"),
    ("suppressions", "json"),
    ("config", "yaml"),
    ("config", "json"),
    ("config-error", "yaml"),
    ("check-error", "text"),
    ("rules", "text"),
    ("rules", "json"),
    ("diff-fixes", "text"),
]


_RUNS: dict[tuple[Path, str, str], subprocess.CompletedProcess] = {}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-output")
    build(root)
    return root


def run(tree: Path, command: str, fmt: str) -> subprocess.CompletedProcess:
    """One real run per command and format (memoised: several tests read the same output)."""
    if (tree, command, fmt) not in _RUNS:
        _RUNS[tree, command, fmt] = _run(tree, command, fmt)
    return _RUNS[tree, command, fmt]


def _run(tree: Path, command: str, fmt: str) -> subprocess.CompletedProcess:
    args = {
        "check": ["check", ".", "--format", fmt, "--no-cache", "--exit-zero", "--include-suppressed"],
        "inventory": ["inventory", ".", "--format", fmt, "--no-cache"],
        "suppressions": ["suppressions", ".", "--format", fmt, "--no-cache"],
        "config": ["config", ".", "--format", fmt],
        "config-error": ["config", "../bad", "--format", fmt],
        "check-error": ["check", "../bad", "--no-cache"],
        "rules": ["rules", ".", "--format", fmt],
        "diff-fixes": ["check", ".", "--diff-fixes", "--no-cache", "--exit-zero"],
    }[command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc"}
    # run inside the repository: a hostile file name starts the line of its finding
    return subprocess.run(
        [sys.executable, "-m", "claude_lint", *args],
        cwd=tree / "repo",
        capture_output=True,
        env=env,
        check=False,
        timeout=600,
    )


_COMMAND_LINE = re.compile(r"^\s*::", re.MULTILINE)
_OUR_ANNOTATION = re.compile(r"^::(error|warning|notice) [^:\n]*::[^\n]*$")
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.mark.parametrize(("command", "fmt"), COMMANDS, ids=[f"{c}-{f}" for c, f in COMMANDS])
def test_output_is_inert(tree, command, fmt):
    proc = run(tree, command, fmt)
    assert proc.returncode == (2 if command.endswith("error") else 0), proc.stderr.decode()
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    if command.endswith("error"):
        assert "claude-lint: error:" in err  # the hostile value is in the message, made inert
    else:
        assert out.strip(), err
    for name, text in (("stdout", out), ("stderr", err)):
        # no workflow command: GitHub's runner reads "::" after leading whitespace, "##[" anywhere
        commands = [ln for ln in text.splitlines() if _COMMAND_LINE.match(ln)]
        for line in commands:  # only our own annotations, whose properties hold no ":"
            assert fmt == "github" and name == "stdout" and _OUR_ANNOTATION.match(line), (name, line)
        assert not any(ln.startswith(("::add-mask", "::set-", "::stop-commands")) for ln in commands)
        assert "##[" not in text, name
        # nothing for a terminal: no ESC, no other C0 (but \n, \t), DEL, C1, bidi controls
        assert "\x1b" not in text, name
        bad = _BAD_CHARS.findall(text)
        assert not bad, (name, bad[:5])
    if fmt in ("json", "sarif"):
        doc = json.loads(out)
        if fmt == "sarif":
            assert not schema_errors(doc)
            assert not github_problems(doc, allow_suppressions=True)
            for res in doc["runs"][0]["results"]:
                assert not re.search(r"(?<!\\)[\[\]]", res["message"]["text"]), res["message"]["text"]
            for note in doc["runs"][0]["invocations"][0].get("toolExecutionNotifications", []):
                assert not re.search(r"(?<!\\)[\[\]]", note["message"]["text"])
    if fmt == "markdown":
        _markdown_structure(out)
    if command == "check" and fmt == "text":
        # the hostile literal is still reported, one line per finding, its newlines visible
        assert "https://claude.ai/api/o\\n::error title=Approved::ok\\n::add-mask::LGTM" in out
        assert "\\x1b[2J" in out and "\\u202e" in out


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")


def _markdown_structure(text: str) -> None:
    prose = _CODE_SPAN.sub("", text)  # inside a code span nothing is HTML or a link
    assert not re.search(r"<(img|b|script)\b", prose), "HTML from a file"
    assert not re.search(r"(?<!\\)\]\(http://evil\)", text), "a link from a file"
    for line in text.splitlines():
        assert not line.startswith("# h"), line
    # every table row has as many cells as its header
    width = None
    for line in text.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))  # GFM splits cells before code spans
        if width is None:
            width = cells
        assert cells == width, line


def test_github_annotations_escape_every_field(tree):
    proc = run(tree, "check", "github")
    out = proc.stdout.decode()
    annotations = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert annotations
    for line in annotations:
        command, _, data = line[2:].partition("::")
        assert "\n" not in data and "\r" not in data
        props = command.split(" ", 1)[1] if " " in command else ""
        for prop in props.split(","):
            _key, _, value = prop.partition("=")
            assert ":" not in value and "," not in value, prop
    # a path with ":" and "," in it is percent-escaped in the file= property
    assert any("file=%3A%3Aerror title=F%3A%3Apwn.py" in ln for ln in annotations)


def test_markdown_code_spans_and_links_are_safe(tree):
    out = run(tree, "check", "markdown").stdout.decode()
    # the file named a`b|c… is one code span whose fence is longer than its backtick run
    assert "``a`b\\|c&lt;" not in out  # entities are not used inside code spans
    assert re.search(r"``a`b\\\|c<img src=x>\[x\]\(evil\)\*_\.py:2``", out), out
    # and its link target is percent-encoded
    assert "/blob/abc/a%60b%7Cc%3Cimg%20src%3Dx%3E%5Bx%5D%28evil%29%2A_.py#L2" in out


def test_sarif_escapes_embedded_links():
    from claude_lint.textsafe import sarif_text

    assert sarif_text("see [x](1) and ##[error]") == "see \\[x\\](1) and ##\\[error\\]"


@pytest.mark.parametrize("text", [*PAYLOADS.values(), *NAMES, CUSTOM_MESSAGE, "::x", "  ::x", ":"])
def test_inert_is_one_harmless_line(text):
    from claude_lint.textsafe import block, inert, md

    for f in (inert, md):
        t = f(text)
        assert "\n" not in t and "\r" not in t and "\x1b" not in t and "##[" not in t
        assert not _COMMAND_LINE.match(t) and not t.lstrip().startswith(":")
        assert not _BAD_CHARS.search(t)
        assert f(t) == t or f is md  # inert is idempotent
    b = block(text)
    assert not _COMMAND_LINE.search(b) and "##[" not in b and "\x1b" not in b and "\r" not in b
