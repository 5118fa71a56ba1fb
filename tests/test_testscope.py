"""Issue 12, noise source 1: findings in test files (the policy's ``tests``, ``--include-tests``),
the anchor of ``test-paths`` globs, and ``--min-confidence`` / the policy's ``min-confidence``."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import make_key

from claude_lint import registry, testscope
from claude_lint.cli import main
from claude_lint.config import DEFAULT_TEST_PATHS, PolicyLoader
from claude_lint.pinning import loosenings

MOCKED_BEDROCK = """
import pytest
from anthropic import AnthropicBedrock


def test_copy_keeps_region():
    c = AnthropicBedrock(aws_region="us-east-1", api_key="k")
    assert c.copy().aws_region == "us-east-1"
"""

SMOKE = """
import anthropic

client = anthropic.Anthropic()
print(client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[]).content)
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def lint(*args: str):
    return CliRunner().invoke(main, ["check", "--no-cache", *args])


def findings(*args: str) -> list[dict]:
    result = lint("--format", "json", *args)
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    return json.loads(result.stdout)["findings"]


def hits(*args: str) -> set[tuple[str, str]]:
    return {(f["rule_id"], f["path"]) for f in findings(*args)}


@pytest.fixture
def repo(in_tmp) -> Path:
    subprocess.run(["git", "init", "-q", str(in_tmp)], check=True, capture_output=True)
    write(in_tmp / "claude-lint.yaml", "policy:\n  residency: eu\n")
    write(in_tmp / "pkg" / "tests" / "test_bedrock.py", MOCKED_BEDROCK)
    write(in_tmp / "scripts" / "test_claude.py", SMOKE)
    write(in_tmp / "tests" / "test_key.py", f'def test_key():\n    KEY = "{make_key("api03")}"\n    assert KEY\n')
    write(
        in_tmp / "tests" / "test_placeholder.py",
        'import anthropic\n\n\ndef test_p():\n    anthropic.Anthropic(api_key="corp-gw-7f3a9c2e51d04b8f")\n',
    )
    write(in_tmp / "app.py", SMOKE)
    return in_tmp


# --------------------------------------------------------------------------- looks like a test


@pytest.mark.parametrize(
    "text",
    [
        "def test_x():\n    pass\n",
        "async def test_x():\n    pass\n",
        "class TestClient:\n    pass\n",
        "class ClientTests(unittest.IsolatedAsyncioTestCase):\n    pass\n",
        "@pytest.fixture\ndef client():\n    return 1\n",
        "from unittest import mock\n",
        "from unittest.mock import patch\n",
        "import respx\n",
        "import vcr\n",
        "def go(mocker):\n    mocker.patch('x')\n",
        "@pytest.mark.vcr\ndef go():\n    pass\n",
    ],
)
def test_looks_like_a_test(text):
    assert testscope.looks_like_test(text.encode(), ".py")


@pytest.mark.parametrize(
    "text",
    [
        SMOKE,
        "def run_test_suite():\n    pass\n",  # not a test function: the name does not start with test
        "class Tester:\n    pass\n",
        "# def test_x(): a comment at the start of a line is still code-looking, but this one is not\nx = 1\n",
        "mocked = True\n",
    ],
)
def test_application_code_does_not_look_like_a_test(text):
    assert not testscope.looks_like_test(text.encode(), ".py")


def test_non_python_files_under_test_paths_are_test_data():
    assert testscope.looks_like_test(b"interactions:\n- request: {}\n", ".yaml")
    assert testscope.looks_like_test(b"ANTHROPIC_BASE_URL=http://mock:8080\n", ".env")


def test_traffic_tag_is_on_the_traffic_rules_only():
    rules = registry.builtin_rules()
    traffic, key = testscope.rule_kinds(rules.values())
    assert {
        "region-outside-policy",
        "eu-residency-unavailable",
        "prompt-logged",
        "phi-without-zdr",
        "base-url-not-approved",
        "insecure-base-url",
        "consumer-endpoint",
        "credential-logged",
        "inference-geo-missing",
        "region-left-to-default",
    } <= traffic
    assert key == {"hardcoded-api-key", "consumer-credential", "hardcoded-client-credential"}
    assert not traffic & {"suppression-without-reason", "unused-suppression"}


def test_rules_lists_the_traffic_tag():
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    tags = {r["id"]: r["tags"] for r in json.loads(result.stdout)}
    assert "traffic" in tags["region-outside-policy"] and "traffic" not in tags["hardcoded-api-key"]


# --------------------------------------------------------------------------- tests: default / report / skip


def test_default_scoping(repo):
    got = findings()
    where = {(f["rule_id"], f["path"]): f["severity"] for f in got}
    paths = {f["path"] for f in got}
    # the mocked Bedrock test: no residency, region or credential finding
    assert not any(p.startswith("pkg/tests/") for p in paths), got
    # the smoke script under test-paths has no test function: application code, full severity
    assert (
        where[("eu-residency-unavailable", "scripts/test_claude.py")] == where[("eu-residency-unavailable", "app.py")]
    )
    # a real key format in a test is reported one severity step lower; a placeholder-like literal is not
    assert where[("hardcoded-api-key", "tests/test_key.py")] == "high"
    assert "tests/test_placeholder.py" not in paths


def test_summary_counts_what_was_left_out(repo):
    result = lint()
    assert "finding" in result.output
    line = [ln for ln in result.output.splitlines() if "test files not reported" in ln]
    assert line and line[0].endswith("; --include-tests to show"), result.output
    n = int(line[0].split()[0])
    assert n >= 1
    shown = {(f["rule_id"], f["path"]) for f in findings("--include-tests")}
    assert ("region-outside-policy", "pkg/tests/test_bedrock.py") in shown


def test_include_tests_reports_everything_one_step_lower(repo):
    got = {(f["rule_id"], f["path"]): f["severity"] for f in findings("--include-tests")}
    assert got[("region-outside-policy", "pkg/tests/test_bedrock.py")] == "medium"  # high, lowered
    assert ("hardcoded-client-credential", "tests/test_placeholder.py") in got
    # the smoke script is under test-paths: lowered too, as before issue 12
    assert got[("eu-residency-unavailable", "scripts/test_claude.py")] != got[("eu-residency-unavailable", "app.py")]


def test_policy_tests_report_equals_include_tests(repo):
    write(repo / "claude-lint.yaml", "policy:\n  residency: eu\n  tests: report\n")
    assert hits() == hits("--include-tests")


def test_policy_tests_skip_scans_no_test_file(repo):
    write(repo / "claude-lint.yaml", "policy:\n  residency: eu\n  tests: skip\n")
    got = hits()
    assert {p for _r, p in got} == {"app.py"}
    result = lint()
    assert "4 test files not scanned; --include-tests to show" in result.output
    assert ("hardcoded-api-key", "tests/test_key.py") in hits("--include-tests")


def test_unknown_tests_value_is_a_policy_error(repo):
    write(repo / "claude-lint.yaml", "policy:\n  tests: sometimes\n")
    result = lint()
    assert result.exit_code == 2 and "policy.tests" in result.output


def test_suppression_of_a_silenced_traffic_finding_is_not_unused(repo):
    write(
        repo / "pkg" / "tests" / "test_bedrock.py",
        MOCKED_BEDROCK.replace('api_key="k")', 'api_key="k")  # claude-lint: ignore[region-outside-policy] -- mocked'),
    )
    assert not any(r == "unused-suppression" for r, _p in hits())


# --------------------------------------------------------------------------- anchoring


def _loader(**kw) -> PolicyLoader:
    rules = registry.builtin_rules()
    return PolicyLoader(
        rules.keys(),
        registry.all_tags(rules.values()),
        rule_options={cls.id: dict(cls.options) for cls in registry.rule_classes()},
        **kw,
    )


def test_config_outside_the_repository_anchors_at_its_root(in_tmp):
    org = write(in_tmp / "org" / "policy.yaml", 'policy:\n  test-paths: ["tests/**"]\n')
    root = in_tmp / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    pol = _loader(config=org).for_path(root / "tests" / "test_x.py", root)
    assert pol.root == root.resolve()
    assert pol.is_test_path(root.resolve() / "tests" / "test_x.py")
    # a --config inside the repository keeps its own folder
    inner = write(root / "services" / "api" / "claude-lint.yaml", 'policy:\n  test-paths: ["tests/**"]\n')
    pol = _loader(config=inner).for_path(root / "services" / "api" / "tests" / "t.py", root)
    assert pol.root == inner.parent.resolve()
    assert pol.is_test_path(root.resolve() / "services" / "api" / "tests" / "t.py")
    assert not pol.is_test_path(root.resolve() / "tests" / "t.py")


def test_monorepo_policy_keeps_its_folder_and_extended_org_test_paths_start_at_the_root(in_tmp, monkeypatch):
    monkeypatch.setenv("CLAUDE_LINT_POLICY_ROOT", str(in_tmp))
    write(in_tmp / "org" / "base.yaml", 'policy:\n  test-paths: ["qa/**"]\n')
    root = in_tmp / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    api = write(root / "services" / "api" / "claude-lint.yaml", "extend: ../../../org/base.yaml\n")
    pol = _loader().for_path(root / "services" / "api" / "app.py", root)
    assert pol.source == api.resolve() and pol.root == api.parent.resolve()
    assert pol.test_root == root.resolve()
    assert pol.is_test_path(root.resolve() / "qa" / "t.py")
    # the repository's own test-paths start at its own folder
    write(api, 'extend: ../../../org/base.yaml\npolicy:\n  test-paths: ["qa/**"]\n')
    pol = _loader().for_path(root / "services" / "api" / "app.py", root)
    assert pol.test_root is None and pol.is_test_path(api.parent.resolve() / "qa" / "t.py")


def test_config_command_shows_the_anchor(in_tmp):
    org = write(in_tmp / "org" / "policy.yaml", "policy:\n  residency: eu\n")
    root = in_tmp / "repo"
    (root / "src").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    result = CliRunner().invoke(main, ["config", "--config", str(org), str(root / "src")])
    assert result.exit_code == 0, result.output
    assert "start at repo" in result.output, result.output


def test_default_test_paths_match_at_any_depth():
    from claude_lint.config import Policy

    pol = Policy(root=Path("/r"))
    assert DEFAULT_TEST_PATHS == ("**/tests/**", "**/test/**", "**/test_*.py", "**/*_test.py", "**/conftest.py")
    for p in ("tests/a.py", "pkg/tests/a.py", "a/b/test/x.py", "src/test_x.py", "src/x_test.py", "a/conftest.py"):
        assert pol.is_test_path(Path("/r") / p), p
    for p in ("src/latest.py", "contest.py", "testing/x.py"):
        assert not pol.is_test_path(Path("/r") / p), p


# --------------------------------------------------------------------------- confidence


def test_min_confidence_filters_like_fail_on(repo):
    all_ = findings()
    assert {f["confidence"] for f in all_} >= {"high"}
    high = findings("--min-confidence", "high")
    assert high and all(f["confidence"] == "high" for f in high)
    assert len(high) == sum(f["confidence"] == "high" for f in all_)
    write(repo / "claude-lint.yaml", "policy:\n  residency: eu\n  min-confidence: high\n")
    assert findings() == high


def test_pinned_policy_may_not_relax_tests_or_min_confidence():
    kw = {
        "default_test_paths": DEFAULT_TEST_PATHS,
        "providers": ("anthropic",),
        "rule_default": lambda r: None,
        "option_defaults": {},
    }
    assert loosenings({}, {"policy": {"tests": "skip"}}, **kw)
    assert not loosenings({}, {"policy": {"tests": "report"}}, **kw)
    assert loosenings({"policy": {"tests": "report"}}, {"policy": {"tests": "default"}}, **kw)
    assert loosenings({}, {"policy": {"min-confidence": "medium"}}, **kw)
    assert not loosenings({}, {"policy": {"min-confidence": "low"}}, **kw)
    assert not loosenings({"policy": {"min-confidence": "high"}}, {"policy": {"min-confidence": "medium"}}, **kw)


def test_json_and_markdown_summaries_count_what_was_left_out(repo):
    result = lint("--format", "json")
    doc = json.loads(result.stdout)
    n = doc["summary"]["tests_not_reported"]
    assert n >= 1 and doc["repositories"][0]["tests_not_reported"] == n
    assert doc["summary"]["test_files_not_scanned"] == 0
    text = lint().output
    assert f"{n} finding{'s' if n != 1 else ''} in test files not reported; --include-tests to show" in text
    md = lint("--format", "markdown").output
    assert f"{n} finding{'s' if n != 1 else ''} in test files not reported; `--include-tests` to show." in md
    assert json.loads(lint("--format", "json", "--include-tests").stdout)["summary"]["tests_not_reported"] == 0
