"""Issue 14: a file that cannot concern a rule costs nothing for it, and ``--timings``.

* configuration-file candidates: substring searches gate each prefilter regex (the literals
  are read off the regex, so the gate never changes a decision), a list prefilter must match
  whole, and a rule whose judge cannot report under the policy makes no file a candidate;
* the key scan and the Python prefilter as substring searches, equal to their regexes;
* ``--timings`` / ``CLAUDE_LINT_TIMINGS``: per-phase totals on stderr, aggregated over the
  workers, and nothing (no timer, no wrapper) when off.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_lint import keys, registry, timings
from claude_lint.cli import main
from claude_lint.engines import semgrep as sg
from claude_lint.engines.python import PREFILTER_RE, PythonEngine
from claude_lint.engines.text import _KEY_LITERALS
from claude_lint.filetext import CLAUDE_WORDS as _PREFILTER_WORDS
from claude_lint.runner import Runner, RunOptions

BUILTIN = sg.builtin_prefilter(registry.semgrep_rules_dir())

#: regexes of the shapes the prefilters use, and a few the literal reader must not misread
SHAPES = [
    rb"(?s:ANTHROPIC_\w*(?:BASE_URL|API_URL|API_BASE).{0,40}?http://|http://.{0,40}?ANTHROPIC_\w*(?:BASE_URL|API_URL))",
    rb"(?i:bedrock)",
    rb"anthropic\.claude",
    rb"AWS_REGION|AWS_DEFAULT_REGION|aws_region_name",
    rb"ab(?:cd)?ef",  # an optional group requires nothing
    rb"x(?:yz|)w",  # an empty alternative requires nothing
    rb"(?:foo)+bar|baz{2,}",
    rb"q[ab]r",
    rb"(?>atom)ic",
]
ALPHABET = "abcdefhilnoprstuwxyzACDEGHILNOPRSTUW_.:/ -"
WORDS = [
    "ANTHROPIC_",
    "BASE_URL",
    "API_URL",
    "API_BASE",
    "http://",
    "bedrock",
    "BEDROCK",
    "anthropic.claude",
    "AWS_REGION",
    "aws_region_name",
    "abef",
    "abcdef",
    "xw",
    "xyzw",
    "foobar",
    "bazz",
    "qar",
    "atomic",
]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(ALPHABET, max_size=6)), max_size=12).map("".join)


# --------------------------------------------------------------------------- required literals


def test_literals_of_the_builtin_prefilters():
    found = {rx.pattern: clauses for _rid, regexes in BUILTIN.rules for rx, clauses in regexes}
    assert found[rb"(?i:bedrock)"] == ((b"bedrock",),)
    assert found[rb"anthropic\.claude"] == ((b"anthropic.claude",),)
    # a string holding another string of its clause is dropped (aws_region_name holds aws_region)
    assert sg.required_literals(re.compile(rb"AWS_REGION|AWS_DEFAULT_REGION|aws_region_name")) == (
        (b"aws_default_region", b"aws_region"),
    )
    # the shipped AWS region prefilter (litellm's aws_region_name is read per entry by config_files.py)
    # (the parser factors the common prefix: AWS_(?:REGION|DEFAULT_REGION) needs "aws_" and "region")
    assert found[rb"AWS_REGION|AWS_DEFAULT_REGION"] == ((b"region",), (b"aws_",))
    ibu = next(c for p, c in found.items() if p.startswith(rb"(?s:ANTHROPIC_"))
    assert set(ibu) == {(b"anthropic_",), (b"api_base", b"api_url", b"base_url"), (b"http://",)}
    # every regex of the shipped rules yields a gate: no rule falls back to a bare regex scan
    assert all(clauses for _rid, regexes in BUILTIN.rules for _rx, clauses in regexes)


def test_literals_of_shapes_that_require_nothing():
    assert sg.required_literals(re.compile(rb"x(?:yz|)w")) == ((b"w",), (b"x",))
    assert sg.required_literals(re.compile(rb"ab(?:cd)?ef")) == ((b"ab",), (b"ef",))
    assert sg.required_literals(re.compile(rb"[ab]+")) is None


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_text_a_regex_matches_holds_every_clause(text):
    data = text.encode()
    low = data.lower()
    for pattern in SHAPES + [rx.pattern for _rid, regexes in BUILTIN.rules for rx, _c in regexes]:
        rx = re.compile(pattern)
        clauses = sg.required_literals(rx)
        if rx.search(data) and clauses:
            assert all(any(lit in low for lit in clause) for clause in clauses), (pattern, text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_the_gated_prefilter_decides_as_the_regexes_do(text):
    data = text.encode()
    expected = any(all(rx.search(data) for rx, _c in regexes) for _rid, regexes in BUILTIN.rules)
    assert BUILTIN.search(data) == expected


def test_a_list_prefilter_must_match_whole():
    only_bedrock = b"model: bedrock/claude-haiku\n"
    assert not BUILTIN.search(only_bedrock, rule_ids={"region-outside-policy"})
    assert BUILTIN.search(only_bedrock + b"AWS_REGION: eu-west-1\n", rule_ids={"region-outside-policy"})
    assert not BUILTIN.search(b"VERTEX_LOCATION: us-east5\n")
    assert BUILTIN.search(b"VERTEX_LOCATION: us-east5\nmodel: claude-sonnet-4\n")


# --------------------------------------------------------------------------- the runner's candidates


def _candidate(tmp: Path, name: str, text: str, policy_text: str = "") -> bool:
    if policy_text:
        (tmp / ".claude-lint.yaml").write_text(policy_text)
    path = tmp / name
    path.write_text(text)
    runner = Runner(RunOptions(paths=[tmp]))
    policy = runner.loader.for_path(path, tmp)
    data = path.read_bytes()
    return runner._config_candidate(path, data, policy, data.lower())


def test_region_rules_look_at_no_file_under_residency_any(tmp_path):
    """region-outside-policy's judge reports nothing under ``residency: any``: a cassette
    full of Bedrock model ids is then no reason to start semgrep."""
    text = "uri: https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4/converse\n"
    assert not _candidate(tmp_path, "cassette.yaml", text)
    assert _candidate(tmp_path, "cassette.yaml", text, "policy: {residency: us}\n")
    # the other rules' prefilters still count under residency: any
    assert _candidate(tmp_path, "cassette.yaml", text + "ANTHROPIC_LOG: debug\n")


def test_a_deselected_rule_makes_no_candidate(tmp_path):
    text = "env:\n  ANTHROPIC_LOG: debug\n"
    assert _candidate(tmp_path, "ci.yml", text)
    assert not _candidate(tmp_path, "ci.yml", text, "ignore: [prompt-logged]\n")


def test_only_configuration_file_names_are_candidates(tmp_path):
    assert not _candidate(tmp_path, "notes.txt", "ANTHROPIC_LOG=debug\n")
    assert _candidate(tmp_path, ".env", "ANTHROPIC_LOG=debug\n")


# --------------------------------------------------------------------------- substring forms of regexes


def test_key_literals_start_every_candidate_token():
    assert not keys.CANDIDATE_RE.flags & re.IGNORECASE
    clauses = sg.required_literals(keys.CANDIDATE_BYTES_RE)
    assert clauses is not None
    first = max(clauses, key=lambda c: min(map(len, c)))  # sk-ant- | ABSK | bedrock-api-key-…
    assert len(first) == len(_KEY_LITERALS)
    for s in first:
        assert any(s.startswith(lit.lower().encode()) for lit in _KEY_LITERALS), s
    for lit in _KEY_LITERALS:
        assert not keys.CANDIDATE_RE.search(f"x {lit.lower() if lit != lit.lower() else lit.upper()} y" * 3)


def test_prefilter_words_are_the_python_prefilter():
    assert PREFILTER_RE.pattern == b"(?i)" + b"|".join(_PREFILTER_WORDS)


# --------------------------------------------------------------------------- --timings


@pytest.fixture
def timings_off(monkeypatch):
    monkeypatch.delenv("CLAUDE_LINT_TIMINGS", raising=False)
    monkeypatch.setattr(timings, "ENABLED", False)
    timings.take()
    yield
    timings.take()


def _tree(root: Path, n: int) -> None:
    for i in range(n):
        body = "import anthropic\nclient = anthropic.Anthropic()\nprint(client.api_key)\n" if i % 2 else "x = 1\n"
        (root / f"m{i}.py").write_text(body)


def _phases(stderr: str) -> dict[str, tuple[float, int]]:
    out = {}
    for line in stderr.splitlines():
        m = re.match(r"^  (.+?)\s+([0-9.]+) s\s+[0-9.]+ %\s+(\d+)$", line)
        if m:
            out[m.group(1).strip()] = (float(m.group(2)), int(m.group(3)))
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_timings_print_every_phase_and_add_up_the_workers(in_tmp, timings_off, jobs):
    _tree(in_tmp, 24)
    plain = CliRunner().invoke(main, ["check", ".", "--no-cache", "--format", "json", "--jobs", jobs])
    res = CliRunner().invoke(main, ["check", ".", "--no-cache", "--format", "json", "--jobs", jobs, "--timings"])
    assert res.exit_code == plain.exit_code == 1, res.stderr
    assert res.stdout == plain.stdout  # the report does not change
    assert "claude-lint timings" not in plain.stderr
    phases = _phases(res.stderr)
    assert f"{jobs} worker" in res.stderr
    for name in ("discovery", "read", "prefilter", "parse", "facts (scopes)", "output", "rule credential-logged"):
        assert name in phases, (name, res.stderr)
    assert phases["read"][1] == 24  # every file, whichever worker read it
    assert phases["parse"][1] == 12  # the files that mention Claude
    assert phases["rule credential-logged"][1] > 0


def test_timings_off_wrap_nothing(timings_off):
    rules = [cls() for cls in registry.rule_classes()]
    engine = PythonEngine(rules)
    for handlers in engine.dispatch.table.values():
        for rule, method in handlers:
            assert getattr(method, "__self__", None) is rule  # the bound method itself
    timings.enable()
    wrapped = PythonEngine(rules)
    rule, method = wrapped.dispatch.table["Call"][0]
    assert getattr(method, "__self__", None) is None


def test_timers_left_open_by_an_exception_are_dropped(timings_off):
    timings.ENABLED = True
    timings.start()
    depth = timings.depth()
    timings.start()  # an exception skips its stop()
    timings.unwind(depth)
    timings.stop("read")
    assert timings.depth() == 0
    assert set(timings.take()) == {"read"}


def test_prefilter_admits_a_bedrock_runtime_request_without_a_claude_word():
    from claude_lint.filetext import concerns, mentions_claude

    wrapper = b'rt = boto3.client("bedrock-runtime")\nrt.converse(modelId=settings.MODEL_ID, messages=m)\n'
    assert mentions_claude(wrapper) and concerns(wrapper.lower(), (b"anthropic",))
    assert mentions_claude(b'rt = boto3.client("bedrock-runtime")\nrt.invoke_model(modelId=m, body=b)\n')
    # neither half alone: a control-plane client, an S3 client, a converse() of something else
    assert not mentions_claude(b'boto3.client("bedrock").list_foundation_models()\n')
    assert not mentions_claude(b'boto3.client("s3")\nchat.converse(x)\n')
    assert not mentions_claude(b'boto3.client("bedrock-runtime")\n')
    assert mentions_claude(b"import anthropic\n")
