"""The command line (DESIGN §5): formats, outputs, selection, exit codes, colour, errors.

Keys are generated at test time (``harness.make_key``); nothing realistic is committed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import make_key

from claude_lint import __version__, registry
from claude_lint.cli import main

API = "hardcoded-api-key"  # critical
CONSUMER = "consumer-credential"  # high
NO_REASON = "suppression-without-reason"  # medium
UNUSED = "unused-suppression"  # low

ANSI = "\x1b["
FINDING_LINE = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z0-9-]+) "
    r"\[(?P<sev>low|medium|high|critical)\] (?P<msg>.+)$"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def tree(in_tmp) -> Path:
    """app.py: a critical finding; session.py: high; sup.py: medium + low;
    tests/test_keys.py: critical lowered to high (a test path)."""
    write(in_tmp / "app.py", f'import os\n\nKEY = "{make_key("api03")}"\n')
    write(in_tmp / "session.py", f'SESSION = "{make_key("sid01")}"\n')
    write(in_tmp / "sup.py", "x = 1  # claude-lint: ignore[hardcoded-api-key]\n")
    write(in_tmp / "tests" / "test_keys.py", f'KEY = "{make_key("api03")}"\n')
    return in_tmp


def cli(*args: str, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def rule_ids(result) -> set[str]:
    return {f["rule_id"] for f in json.loads(result.stdout)["findings"]}


def run_module(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "claude_lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


# --------------------------------------------------------------------------- check: paths and formats


def test_check_defaults_to_the_current_folder(tree):
    default = cli("check", "--format", "json")
    dot = cli("check", "--format", "json", ".")
    assert default.exit_code == dot.exit_code == 1
    assert json.loads(default.stdout)["findings"] == json.loads(dot.stdout)["findings"]
    paths = {f["path"] for f in json.loads(default.stdout)["findings"]}
    assert paths == {"app.py", "session.py", "sup.py", "tests/test_keys.py"}  # relative to the working folder


def test_check_paths(tree):
    result = cli("check", "--format", "json", "app.py", "tests")
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"app.py", "tests/test_keys.py"}


def test_text_format(tree):
    result = cli("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    heads = [FINDING_LINE.match(line) for line in lines if not line.startswith(" ")]
    heads = [m for m in heads if m]
    assert [(m["path"], m["line"], m["col"], m["rule"], m["sev"]) for m in heads] == [
        ("app.py", "3", "8", API, "critical"),
        ("session.py", "1", "12", CONSUMER, "high"),
        ("sup.py", "1", "10", NO_REASON, "medium"),
        ("sup.py", "1", "10", UNUSED, "low"),
        ("tests/test_keys.py", "1", "8", API, "high"),
    ]
    # every finding line is followed by an indented fix line
    for i, line in enumerate(lines):
        if FINDING_LINE.match(line):
            assert lines[i + 1].startswith("    fix: "), lines[i + 1]
    assert "sk-ant-api03-…" in result.stdout  # redacted, never the whole key
    assert ANSI not in result.stdout  # not a terminal


def test_text_format_never_prints_a_whole_key(in_tmp):
    key = make_key("api03")
    write(in_tmp / "app.py", f'KEY = "{key}"\n')
    for fmt in ("text", "json"):
        result = cli("check", "--format", fmt)
        assert key not in result.output and key[-12:] not in result.output


def test_summary_line_counts(tree):
    result = cli("check")
    assert result.stdout.splitlines()[-1] == "5 findings (1 critical, 2 high, 1 medium, 1 low) in 4 files scanned."


def test_summary_line_singular_and_empty(in_tmp):
    write(in_tmp / "app.py", f'KEY = "{make_key("api03")}"\n')
    assert cli("check").stdout.splitlines()[-1] == "1 finding (1 critical) in 1 file scanned."
    write(in_tmp / "app.py", "print('hello')\n")
    result = cli("check")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "0 findings in 1 file scanned."


def test_summary_counts_suppressed_and_notices(in_tmp):
    write(
        in_tmp / "app.py", f'KEY = "{make_key("api03")}"  # claude-lint: ignore[hardcoded-api-key] rotated test key\n'
    )
    (in_tmp / "blob.py").write_bytes(b"\x00\x01binary")
    result = cli("check")
    assert result.stdout.splitlines()[-1] == "0 findings in 1 file scanned, 1 suppressed, 1 notice."
    assert "notice: blob.py: skipped: binary content" in result.stdout
    shown = cli("check", "--include-suppressed")
    assert "(suppressed: rotated test key)" in shown.stdout


def test_json_format(tree):
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["tool"] == {"name": "claude-lint", "version": __version__}
    assert doc["summary"]["findings"] == 5
    assert doc["summary"]["by_severity"] == {"critical": 1, "high": 2, "low": 1, "medium": 1}
    assert doc["summary"]["files_scanned"] == 4
    first = doc["findings"][0]
    assert {"rule_id", "message", "severity", "confidence", "path", "line", "column", "fix_hint"} <= set(first)
    assert ANSI not in result.stdout


def test_json_format_ignores_color_flag(tree):
    result = cli("check", "--format", "json", "--color")
    json.loads(result.stdout)


@pytest.mark.skipif(
    importlib.util.find_spec("claude_lint.report.sarif") is None,
    reason="claude_lint/report/sarif.py is not written yet",
)
def test_sarif_format_is_json_with_one_run(tree):
    result = cli("check", "--format", "sarif")
    assert result.exit_code == 1, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["runs"]) == 1


def test_unknown_format_is_a_usage_error(tree):
    assert cli("check", "--format", "xml").exit_code == 2


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_file(tree, fmt):
    target = tree / "reports" / "nested" / f"out.{fmt}"
    result = cli("check", "--format", fmt, "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"5 findings written to {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert ANSI not in text
    if fmt == "json":
        assert json.loads(text)["summary"]["findings"] == 5
    else:
        assert text.splitlines()[-1].startswith("5 findings (1 critical")


def test_output_file_is_never_coloured(tree):
    target = tree / "out.txt"
    cli("check", "--color", "-o", str(target))
    assert ANSI not in target.read_text(encoding="utf-8")


def test_output_file_that_cannot_be_written(tree):
    (tree / "blocker").write_text("a file, not a folder")
    result = cli("check", "--output", str(tree / "blocker" / "out.json"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- selection


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--select", API], {API}),
        (["--select", "suppression"], {NO_REASON}),  # the suppressed rule did not run: "unused" cannot be judged
        (["--select", f"{API},{CONSUMER}"], {API, CONSUMER}),
        (["--select", f" {API} , {CONSUMER} "], {API, CONSUMER}),
        (["--select", API, "--select", CONSUMER], {API, CONSUMER}),
        (["--select", "consumer"], {CONSUMER}),
        (["--select", "secrets,suppression"], {API, CONSUMER, NO_REASON, UNUSED}),
        (["--ignore", API], {CONSUMER, NO_REASON}),
        (["--ignore", "suppression"], {API, CONSUMER}),
        (["--ignore", f"{API},{NO_REASON}"], {CONSUMER}),
        (["--ignore", API, "--ignore", "consumer"], {NO_REASON}),
        (["--select", "secrets", "--ignore", CONSUMER], {API}),
    ],
)
def test_select_and_ignore(tree, args, expected):
    result = cli("check", "--format", "json", *args)
    assert rule_ids(result) == expected


@pytest.mark.parametrize(
    "flag, value, suggestion",
    [
        ("--select", "hardcoded-api-kye", API),
        ("--ignore", "secret", "secrets"),
        ("--select", f"{API},consumer-credentials", CONSUMER),
    ],
)
def test_unknown_selector(tree, flag, value, suggestion):
    result = cli("check", flag, value)
    assert result.exit_code == 2
    assert flag in result.stderr
    assert f"did you mean {suggestion!r}" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize("fail_on, code", [("low", 1), ("medium", 1), ("high", 1), ("critical", 0)])
def test_fail_on(tree, fail_on, code):
    # consumer-credential is high
    assert cli("check", "--select", CONSUMER, "--fail-on", fail_on).exit_code == code


@pytest.mark.parametrize("fail_on, code", [("low", 1), ("medium", 0), ("high", 0), ("critical", 0)])
def test_fail_on_low_finding(tree, fail_on, code):
    write(tree / "claude-lint.yaml", f"rules:\n  {CONSUMER}: {{severity: low}}\n")
    assert cli("check", "--select", CONSUMER, "--fail-on", fail_on).exit_code == code


def test_fail_on_default_is_medium(tree):
    assert cli("check", "--select", NO_REASON).exit_code == 1  # medium
    write(tree / "claude-lint.yaml", f"rules:\n  {NO_REASON}: {{severity: low}}\n")
    assert cli("check", "--select", NO_REASON).exit_code == 0


def test_fail_on_unknown_severity(tree):
    assert cli("check", "--fail-on", "urgent").exit_code == 2


def test_no_findings_is_exit_0(in_tmp):
    write(in_tmp / "app.py", "import anthropic\nclient = anthropic.Anthropic()\n")
    assert cli("check").exit_code == 0


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_exit_zero(tree, fmt):
    result = cli("check", "--format", fmt, "--exit-zero")
    assert result.exit_code == 0
    assert API in result.stdout  # still reported


def test_exit_zero_does_not_hide_usage_errors(tree):
    assert cli("check", "--exit-zero", "--select", "nope").exit_code == 2


@pytest.fixture
def binary_py(in_tmp) -> Path:
    (in_tmp / "compiled.py").write_bytes(b"\x00\x00\x00 not really python")
    write(in_tmp / "ok.py", "print('hi')\n")
    return in_tmp


def test_strict_exit_4_when_a_binary_py_was_skipped(binary_py):
    plain = cli("check")
    assert plain.exit_code == 0
    assert "notice: compiled.py: skipped: binary content" in plain.stdout
    assert cli("check", "--strict").exit_code == 4


@pytest.fixture
def undecodable_py(in_tmp) -> Path:
    # invalid UTF-8 with no coding cookie: only the key scan runs on it
    (in_tmp / "latin.py").write_bytes(b"import anthropic\nname = '\xff\xfe caf\xe9'\n")
    write(in_tmp / "ok.py", "print('hi')\n")
    return in_tmp


def test_strict_exit_4_when_a_file_was_skipped(undecodable_py):
    plain = cli("check")
    assert plain.exit_code == 0
    assert "notice: latin.py: invalid UTF-8" in plain.stdout
    assert cli("check", "--strict").exit_code == 4


def test_strict_exit_4_when_a_file_is_too_large(in_tmp):
    write(in_tmp / "big.py", "x = 1\n" * 100)
    assert cli("check", "--max-file-size", "50").exit_code == 0
    result = cli("check", "--strict", "--max-file-size", "50")
    assert result.exit_code == 4
    assert "over the 50-byte limit" in result.stdout


def test_strict_with_findings_is_exit_1(undecodable_py):
    write(undecodable_py / "app.py", f'KEY = "{make_key("api03")}"\n')
    assert cli("check", "--strict").exit_code == 1
    assert cli("check", "--strict", "--exit-zero").exit_code == 0
    # findings below --fail-on: the incomplete scan decides
    assert cli("check", "--strict", "--fail-on", "critical", "--select", "suppression").exit_code == 4


def test_strict_missing_path(in_tmp):
    result = cli("check", "--strict", "nowhere")
    assert "path does not exist" in result.stdout
    assert result.exit_code == 4
    assert cli("check", "nowhere").exit_code == 0


def test_strict_complete_scan_is_exit_0(in_tmp):
    write(in_tmp / "ok.py", "print('hi')\n")
    assert cli("check", "--strict").exit_code == 0


def test_internal_error_is_exit_3_without_traceback(tree, monkeypatch):
    from claude_lint import runner

    key = make_key("api03")

    def boom(options, **kw):
        raise RuntimeError(f"engine exploded near {key}")

    monkeypatch.setattr(runner, "run", boom)
    result = cli("check")
    assert result.exit_code == 3
    assert "internal error: RuntimeError: engine exploded" in result.stderr
    assert "Traceback" not in result.stderr
    assert "--debug" in result.stderr
    assert key not in result.stderr  # redacted even here


def test_debug_shows_the_traceback(tree, monkeypatch):
    from claude_lint import runner

    key = make_key("api03")

    def boom(options, **kw):
        raise RuntimeError(f"engine exploded near {key}")

    monkeypatch.setattr(runner, "run", boom)
    result = cli("check", "--debug")
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "boom" in result.stderr
    assert key not in result.stderr


def test_policy_name_that_is_a_folder_is_not_a_policy(tree):
    (tree / "claude-lint.yaml").mkdir()
    proc = run_module("check", cwd=tree)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr


_CRASH = (
    "import sys\n"
    "import claude_lint.runner as r\n"
    "def boom(options, **kw):\n"
    "    raise ValueError('crashed')\n"
    "r.run = boom\n"
    "from claude_lint.cli import main\n"
    "sys.argv = ['claude-lint', *sys.argv[1:]]\n"
    "main()\n"
)


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_in_a_real_process(tree, debug):
    args = ["check", "--debug"] if debug else ["check"]
    proc = subprocess.run([sys.executable, "-c", _CRASH, *args], cwd=tree, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert "claude-lint: internal error: ValueError: crashed" in proc.stderr
    assert ("Traceback" in proc.stderr) is debug
    assert proc.stdout == ""


# --------------------------------------------------------------------------- colour


def test_no_colour_when_piped(tree):
    proc = run_module("check", cwd=tree)
    assert proc.returncode == 1
    assert ANSI not in proc.stdout and API in proc.stdout


def test_colour_when_forced(tree):
    result = cli("check", "--color")
    assert ANSI in result.stdout
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert stripped == cli("check").stdout
    proc = run_module("check", "--color", cwd=tree)
    assert ANSI in proc.stdout


def test_no_color_flag(tree):
    assert ANSI not in cli("check", "--no-color").stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal(tree):
    import pty

    def on_tty(env: dict) -> str:
        master, slave = pty.openpty()
        try:
            subprocess.run(
                [sys.executable, "-m", "claude_lint", "check"],
                cwd=tree,
                stdout=slave,
                stderr=subprocess.PIPE,
                env=env,
                timeout=120,
            )
        finally:
            os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        return b"".join(chunks).decode("utf-8", "replace")

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert ANSI in on_tty(env)
    assert ANSI not in on_tty({**env, "NO_COLOR": "1"})


# --------------------------------------------------------------------------- rules, rule, version


def test_rules_table():
    result = cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "severity", "engines"]
    listed = [line.split()[0] for line in lines[1:]]
    assert listed == sorted(registry.builtin_rules())
    assert any(line.split()[:2] == [API, "critical"] for line in lines)


def test_rules_json():
    result = cli("rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    by_id = {r["id"]: r for r in rules}
    assert set(by_id) == set(registry.builtin_rules())
    assert by_id[API]["severity"] == "critical"
    assert "secrets" in by_id[API]["tags"]
    assert {"id", "summary", "severity", "confidence", "tags"} <= set(by_id[API])


def test_rule_docs():
    result = cli("rule", API)
    assert result.exit_code == 0
    assert API in result.stdout
    for section in ("What it does", "Why is this bad?", "Example", "Use instead", "References"):
        assert section in result.stdout


def test_rule_unknown_id_suggests():
    result = cli("rule", "hardcoded-api-kee")
    assert result.exit_code == 2
    assert f"did you mean {API!r}" in result.stderr
    assert "Traceback" not in result.stderr


def test_version():
    result = cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout and "claude-lint" in result.stdout


def test_python_m_version():
    proc = run_module("--version")
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_help():
    result = cli("check", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--output", "--select", "--ignore", "--fail-on", "--exit-zero", "--strict", "--config"):
        assert option in result.stdout


def test_unknown_option_is_a_usage_error():
    assert cli("check", "--frobnicate").exit_code == 2


def test_broken_pipe_keeps_the_exit_code(tree):
    """`claude-lint check | head -1`: no traceback, the exit code still counts the findings."""
    code = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'claude_lint', 'check'], stdout=subprocess.PIPE, "
        "stderr=subprocess.PIPE)\n"
        "p.stdout.readline(); p.stdout.close()\n"
        "err = p.stderr.read().decode(); rc = p.wait()\n"
        "print(rc); print(err)\n"
    )
    # make the output long enough not to fit in a pipe buffer at once
    for i in range(400):
        write(tree / "many" / f"m{i}.py", f'KEY = "{make_key("api03")}"\n')
    proc = subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, timeout=300)
    rc, _, err = proc.stdout.partition("\n")
    assert rc.strip() == "1"
    assert "Traceback" not in err and "internal error" not in err
