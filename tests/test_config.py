"""The policy file (DESIGN §1): every documented key reaches the code that uses it, strict
validation names the file, the key path and the closest valid key, discovery, ``extend``
and provenance.

Keys the runner consumes (select, ignore, exclude, rules.*, test-paths) are checked through
real ``claude-lint check`` runs over a temporary tree; keys whose rules are not written yet are
checked in the :class:`Policy` the engines receive.  Keys are generated at test time.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import make_key

from claude_lint import registry
from claude_lint.cli import main
from claude_lint.config import (
    COMMAND_LINE,
    DEFAULT_TEST_PATHS,
    PROVIDERS,
    Policy,
    PolicyError,
    PolicyLoader,
)
from claude_lint.model import Severity
from claude_lint.rule import Rule

API = "hardcoded-api-key"  # critical, text engine, tags security/secrets/credentials
CONSUMER = "consumer-credential"  # high, tags security/secrets/consumer/credentials
NO_REASON = "suppression-without-reason"  # medium, tag suppression
UNUSED = "unused-suppression"  # low, tag suppression


# --------------------------------------------------------------------------- helpers


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def api_file(path: Path) -> Path:
    return write(path, f'KEY = "{make_key("api03")}"\n')


def consumer_file(path: Path) -> Path:
    return write(path, f'SESSION = "{make_key("sid01")}"\n')


def make_tree(root: Path) -> Path:
    """app.py: hardcoded-api-key; session.py: consumer-credential; sup.py: a suppression
    without reason that suppresses nothing; tests/helper.py and scripts/tool.py: keys."""
    api_file(root / "app.py")
    consumer_file(root / "session.py")
    write(root / "sup.py", "x = 1  # claude-lint: ignore[hardcoded-api-key]\n")
    api_file(root / "tests" / "helper.py")
    api_file(root / "scripts" / "tool.py")
    consumer_file(root / "scripts" / "login.py")
    return root


def git_init(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)


def loader(**kw) -> PolicyLoader:
    rules = registry.builtin_rules()
    return PolicyLoader(
        rules.keys(),
        registry.all_tags(rules.values()),
        rule_options={cls.id: dict(cls.options) for cls in registry.rule_classes()},
        **kw,
    )


def load(path: Path, **kw) -> Policy:
    return loader(**kw).load(path)


def lint(*args: str):
    """``claude-lint check ARGS`` in the current folder."""
    return CliRunner().invoke(main, ["check", *args])


def findings(*args: str) -> list[dict]:
    result = lint("--format", "json", *args)
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    return json.loads(result.stdout)["findings"]


def hits(*args: str) -> set[tuple[str, str]]:
    """{(rule id, path)} of a run."""
    return {(f["rule_id"], f["path"]) for f in findings(*args)}


def severities(*args: str) -> dict[tuple[str, str], str]:
    return {(f["rule_id"], f["path"]): f["severity"] for f in findings(*args)}


def policy_error(path: Path, **kw) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        load(path, **kw)
    return info.value


@pytest.fixture
def tree(in_tmp) -> Path:
    return make_tree(in_tmp)


@pytest.fixture
def recorded(monkeypatch):
    """Records the policy and options the hardcoded-api-key rule receives from the engine."""
    from claude_lint.checks.hardcoded_api_key import HardcodedApiKey

    seen: list[tuple[str, Policy, dict]] = []
    original = HardcodedApiKey.scan_text

    def scan_text(self, ctx):
        seen.append((ctx.path, ctx.policy, ctx.options()))
        return original(self, ctx)

    monkeypatch.setattr(HardcodedApiKey, "scan_text", scan_text)
    return seen


ALL = {
    (API, "app.py"),
    (CONSUMER, "session.py"),
    (NO_REASON, "sup.py"),
    (UNUSED, "sup.py"),
    (API, "tests/helper.py"),
    (API, "scripts/tool.py"),
    (CONSUMER, "scripts/login.py"),
}


def test_tree_without_policy_reports_everything(tree):
    assert hits() == ALL


# --------------------------------------------------------------------------- keys the runner consumes


def test_select_by_id(tree):
    write(tree / "claude-lint.yaml", f"select: [{API}]\n")
    assert hits() == {h for h in ALL if h[0] == API}


def test_select_by_tag(tree):
    write(tree / "claude-lint.yaml", f"select: [suppression, {CONSUMER}]\n")
    # (the suppression names hardcoded-api-key, which did not run: it cannot be judged unused)
    assert hits() == {(NO_REASON, "sup.py"), (CONSUMER, "session.py"), (CONSUMER, "scripts/login.py")}


def test_ignore_by_id_and_by_tag(tree):
    write(tree / "claude-lint.yaml", f"ignore: [{CONSUMER}, suppression]\n")
    assert hits() == {h for h in ALL if h[0] == API}


def test_select_and_ignore_combine(tree):
    write(tree / "claude-lint.yaml", f"select: [secrets]\nignore: [{API}]\n")
    assert hits() == {h for h in ALL if h[0] == CONSUMER}


def test_cli_select_overrides_policy_select(tree):
    write(tree / "claude-lint.yaml", f"select: [{API}]\n")
    assert hits("--select", CONSUMER) == {h for h in ALL if h[0] == CONSUMER}


def test_cli_ignore_adds_to_policy_ignore(tree):
    write(tree / "claude-lint.yaml", f"ignore: [{API}]\n")
    assert hits("--ignore", "suppression") == {h for h in ALL if h[0] == CONSUMER}


def test_exclude(tree):
    write(tree / "claude-lint.yaml", 'exclude: ["scripts/**", "sup.py"]\n')
    assert hits() == {h for h in ALL if not h[1].startswith("scripts/") and h[1] != "sup.py"}


def test_exclude_applies_to_files_named_on_the_command_line(tree):
    write(tree / "claude-lint.yaml", 'exclude: ["app.py"]\n')
    assert hits("app.py") == set()


def test_rule_disable(tree):
    write(tree / "claude-lint.yaml", f"rules:\n  {API}: {{disable: true}}\n")
    # (the suppression in sup.py names the disabled rule: it can no longer be judged unused)
    assert hits() == {h for h in ALL if h[0] != API and h[0] != UNUSED}


def test_rule_disable_false_keeps_the_rule(tree):
    write(tree / "claude-lint.yaml", f"rules:\n  {API}: {{disable: false}}\n")
    assert hits() == ALL


def test_rule_severity(tree):
    write(tree / "claude-lint.yaml", f"rules:\n  {CONSUMER}: {{severity: low}}\n  {UNUSED}: {{severity: HIGH}}\n")
    sev = severities()
    assert sev[(CONSUMER, "session.py")] == "low"
    assert sev[(UNUSED, "sup.py")] == "high"
    assert sev[(API, "app.py")] == "critical"  # untouched


def test_rule_severity_decides_the_exit_code(tree):
    write(tree / "claude-lint.yaml", f"select: [{CONSUMER}]\nrules:\n  {CONSUMER}: {{severity: low}}\n")
    assert lint().exit_code == 0
    write(tree / "claude-lint.yaml", f"select: [{CONSUMER}]\n")
    assert lint().exit_code == 1


def test_rule_exclude(tree):
    write(tree / "claude-lint.yaml", f'rules:\n  {API}: {{exclude: ["scripts/**"]}}\n')
    got = hits()
    assert (API, "scripts/tool.py") not in got
    assert (CONSUMER, "scripts/login.py") in got  # only that rule is excluded there
    assert (API, "app.py") in got


class _Options:
    """Declares options on hardcoded-api-key for the duration of a test."""

    declared = {"min-length": (int, 12), "allow": (list, []), "strict": (bool, False), "label": (str, "x")}  # noqa: RUF012


@pytest.fixture
def with_options(monkeypatch):
    from claude_lint.checks.hardcoded_api_key import HardcodedApiKey

    monkeypatch.setattr(HardcodedApiKey, "options", _Options.declared)


def test_rule_options_reach_the_rule(tree, with_options, recorded):
    write(
        tree / "claude-lint.yaml",
        f"""
        rules:
          {API}:
            options: {{min-length: 20, allow: [a, b]}}
        """,
    )
    assert lint().exit_code == 1
    options = {path: opts for path, _policy, opts in recorded}
    assert options["app.py"] == {"min-length": 20, "allow": ("a", "b"), "strict": False, "label": "x"}


def test_rule_options_default_when_not_set(tree, with_options, recorded):
    lint()
    options = {path: opts for path, _policy, opts in recorded}
    assert options["app.py"] == {"min-length": 12, "allow": (), "strict": False, "label": "x"}


def test_test_paths_default_lowers_one_step(tree):
    sev = severities()
    assert sev[(API, "app.py")] == "critical"
    assert sev[(API, "tests/helper.py")] == "high"
    got = {f["path"]: f for f in findings()}
    assert got["tests/helper.py"]["properties"]["test-path"] is True


def test_test_paths_default_applies_without_a_policy_file_in_a_git_repo(in_tmp):
    git_init(in_tmp)
    make_tree(in_tmp / "pkg")
    sev = severities()
    assert sev[(API, "pkg/app.py")] == "critical"
    # issue 12: the default test-paths match test folders at any depth (**/tests/**)
    assert sev[(API, "pkg/tests/helper.py")] == "high"
    api_file(in_tmp / "tests" / "helper.py")
    assert severities()[(API, "tests/helper.py")] == "high"


def test_test_paths_custom(tree):
    write(tree / "claude-lint.yaml", 'policy:\n  test-paths: ["scripts/**"]\n')
    sev = severities()
    assert sev[(API, "tests/helper.py")] == "critical"  # the list replaces the default
    assert sev[(API, "scripts/tool.py")] == "high"
    assert sev[(CONSUMER, "scripts/login.py")] == "medium"


def test_test_paths_empty_lowers_nothing(tree):
    write(tree / "claude-lint.yaml", "policy:\n  test-paths: []\n")
    assert severities()[(API, "tests/helper.py")] == "critical"


def test_test_paths_lowers_after_rule_severity(tree):
    write(tree / "claude-lint.yaml", f"rules:\n  {API}: {{severity: medium}}\n")
    sev = severities()
    assert sev[(API, "app.py")] == "medium"
    assert sev[(API, "tests/helper.py")] == "low"


# --------------------------------------------------------------------------- keys the rules will read


def test_policy_keys_arrive_parsed(tmp_path):
    (tmp_path / "org-rules").mkdir()
    f = write(
        tmp_path / "claude-lint.yaml",
        """
        policy:
          residency: eu
          allowed-regions: [europe-west1, eu-central-1]
          handles-phi: true
          phi-names: {add: [Member_ID, claim], remove: [ssn]}
          zdr: true
          baa: [anthropic, aws]
          zdr-key-env: [ANTHROPIC_ZDR_KEY]
          approved-base-urls: ["https://gateway.example.com/anthropic"]
          test-paths: ["qa/**"]
        custom-rules: [org-rules]
        baseline: .claude-lint-baseline.json
        """,
    )
    p = load(f)
    assert p.residency == "eu"
    assert p.allowed_regions == ("europe-west1", "eu-central-1")
    assert p.handles_phi is True
    assert p.phi_names_add == ("member_id", "claim")
    assert p.phi_names_remove == ("ssn",)
    assert p.zdr is True
    assert p.baa == frozenset({"anthropic", "aws"})
    assert p.zdr_key_env == ("ANTHROPIC_ZDR_KEY",)
    assert p.approved_base_urls == ("https://gateway.example.com/anthropic",)
    assert p.test_paths == ("qa/**",)
    assert p.custom_rules == ((tmp_path / "org-rules").resolve(),)
    assert p.baseline == (tmp_path / ".claude-lint-baseline.json").resolve()  # need not exist yet
    assert p.source == f.resolve()
    assert p.root == tmp_path.resolve()


def test_defaults():
    p = loader().load(None)
    assert (p.residency, p.handles_phi, p.zdr, p.baa) == ("any", "auto", False, frozenset())
    assert p.allowed_regions == p.zdr_key_env == p.approved_base_urls == ()
    assert p.phi_names_add == p.phi_names_remove == ()
    assert p.test_paths == DEFAULT_TEST_PATHS
    assert p.select == p.ignore == p.exclude == p.custom_rules == ()
    assert p.baseline is None and p.source is None
    assert p.provenance == {}


@pytest.mark.parametrize("value", ["auto", "false", "true"])
def test_handles_phi_values(tmp_path, value):
    p = load(write(tmp_path / "claude-lint.yaml", f"policy: {{handles-phi: {value}}}\n"))
    assert p.handles_phi == {"auto": "auto", "false": False, "true": True}[value]


@pytest.mark.parametrize(
    "value, expected", [("true", set(PROVIDERS)), ("false", set()), ("[google]", {"google"}), ("[]", set())]
)
def test_baa_bool_or_providers(tmp_path, value, expected):
    p = load(write(tmp_path / "claude-lint.yaml", f"policy: {{baa: {value}}}\n"))
    assert p.baa == frozenset(expected)


@pytest.mark.parametrize("residency", ["any", "us", "eu"])
def test_residency_values(tmp_path, residency):
    assert load(write(tmp_path / "claude-lint.yaml", f"policy: {{residency: {residency}}}\n")).residency == residency


def test_engines_receive_the_effective_policy(tree, recorded):
    write(tree / "claude-lint.yaml", "policy:\n  residency: us\n  zdr: true\n  baa: [aws]\n")
    lint()
    policies = {path: pol for path, pol, _ in recorded}
    pol = policies["app.py"]
    assert (pol.residency, pol.zdr, pol.baa) == ("us", True, frozenset({"aws"}))
    assert pol.source == (tree / "claude-lint.yaml").resolve()


def test_custom_rules_must_exist(tmp_path):
    err = policy_error(write(tmp_path / "claude-lint.yaml", "custom-rules: [rules/, missing.yaml]\n"))
    # rules/ does not exist either: the first entry is reported
    assert err.key == "custom-rules[0]" and "does not exist" in err.message


# --------------------------------------------------------------------------- errors

ERRORS = [
    # (policy text, key path, words the message must hold)
    ("polcy: {residency: eu}\n", "polcy", ["unknown key", "did you mean 'policy'"]),
    ("selct: []\n", "selct", ["did you mean 'select'"]),
    ("policy:\n  residancy: eu\n", "policy.residancy", ["unknown key", "did you mean 'residency'"]),
    ("policy:\n  handles_phi: true\n", "policy.handles_phi", ["did you mean 'handles-phi'"]),
    ("policy:\n  phi-names: {ad: [x]}\n", "policy.phi-names.ad", ["did you mean 'add'"]),
    (f"rules:\n  {API}: {{severty: low}}\n", f"rules.{API}.severty", ["did you mean 'severity'"]),
    (f"rules:\n  {API}: {{excludes: [a]}}\n", f"rules.{API}.excludes", ["did you mean 'exclude'"]),
    (f"rules:\n  {API}: {{options: {{foo: 1}}}}\n", f"rules.{API}.options.foo", ["this rule takes no options"]),
    ("rules:\n  hardcoded-api-kye: {}\n", "rules.hardcoded-api-kye", ["unknown rule id", f"did you mean '{API}'"]),
    ("policy: {baa: [aws, gogle]}\n", "policy.baa[1]", ["unknown provider 'gogle'", "did you mean 'google'"]),
    ("policy: {baa: [AWS]}\n", "policy.baa[0]", ["did you mean 'aws'"]),
    ("policy: {baa: aws}\n", "policy.baa", ["expected true, false or a list of providers"]),
    ("select: [hardcoded-api-kee]\n", "select[0]", ["unknown rule id or tag", f"did you mean '{API}'"]),
    ("ignore: [secret]\n", "ignore[0]", ["did you mean 'secrets'"]),
    (f"select: {API}\n", "select", ["expected a list of strings"]),
    ("policy: {residency: mars}\n", "policy.residency", ["expected one of any, us, eu", "'mars'"]),
    ("policy: {residency: EU}\n", "policy.residency", ["expected one of any, us, eu"]),
    ("policy: {handles-phi: maybe}\n", "policy.handles-phi", ["expected one of auto, true, false"]),
    ("policy: {zdr: 'yes'}\n", "policy.zdr", ["expected true or false"]),
    ("policy: {zdr: 1}\n", "policy.zdr", ["expected true or false"]),
    ("policy: {allowed-regions: us-east-1}\n", "policy.allowed-regions", ["expected a list of strings"]),
    ("policy: {zdr-key-env: [1]}\n", "policy.zdr-key-env", ["expected a list of strings"]),
    ("policy: {approved-base-urls: {a: 1}}\n", "policy.approved-base-urls", ["expected a list of strings"]),
    ("policy: {test-paths: tests}\n", "policy.test-paths", ["expected a list of strings"]),
    ("policy: {phi-names: [a]}\n", "policy.phi-names", ["expected a mapping with add and remove"]),
    ("policy: {phi-names: {add: a}}\n", "policy.phi-names.add", ["expected a list of strings"]),
    ("policy: [residency]\n", "policy", ["expected a mapping"]),
    ("policy: eu\n", "policy", ["expected a mapping"]),
    ("policy: []\n", "policy", ["expected a mapping"]),
    ("rules: ''\n", "rules", ["expected a mapping of rule ids"]),
    ("policy: {phi-names: false}\n", "policy.phi-names", ["expected a mapping with add and remove"]),
    ("rules: [a]\n", "rules", ["expected a mapping of rule ids"]),
    (f"rules:\n  {API}: true\n", f"rules.{API}", ["expected a mapping"]),
    (f"rules:\n  {API}: {{disable: 'no'}}\n", f"rules.{API}.disable", ["expected true or false"]),
    (
        f"rules:\n  {API}: {{severity: urgent}}\n",
        f"rules.{API}.severity",
        ["expected one of low, medium, high, critical"],
    ),
    (f"rules:\n  {API}: {{exclude: scripts}}\n", f"rules.{API}.exclude", ["expected a list of strings"]),
    (f"rules:\n  {API}: {{options: [a]}}\n", f"rules.{API}.options", ["expected a mapping"]),
    ("exclude: '*.py'\n", "exclude", ["expected a list of strings"]),
    ("custom-rules: org.yaml\n", "custom-rules", ["expected a list of strings"]),
    ("custom-rules: [org.yaml]\n", "custom-rules[0]", ["does not exist"]),
    ("baseline: 3\n", "baseline", ["expected a path"]),
    ("baseline: [a]\n", "baseline", ["expected a path"]),
    ("extend: 3\n", "extend", ["expected the path of a policy file"]),
    ("extend: ../nowhere.yaml\n", "extend", ["does not exist"]),
]


@pytest.mark.parametrize("text, key, words", ERRORS, ids=[e[1] + "-" + str(i) for i, e in enumerate(ERRORS)])
def test_policy_errors(in_tmp, text, key, words):
    f = write(in_tmp / "claude-lint.yaml", text)
    api_file(in_tmp / "app.py")
    err = policy_error(f)
    assert err.file == str(f.resolve())
    assert err.key == key
    for w in words:
        assert w in err.message, err.message
    # the same through the command line: exit 2, file and key path named, no traceback
    result = lint()
    assert result.exit_code == 2, result.output
    assert str(f.resolve()) in result.stderr
    assert f": {key}: " in result.stderr
    for w in words:
        assert w in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_option_errors(tmp_path, with_options):
    cases = [
        ("{min-lenght: 3}", "options.min-lenght", "did you mean 'min-length'"),
        ("{min-length: '3'}", "options.min-length", "expected a whole number"),
        ("{min-length: true}", "options.min-length", "expected a whole number"),
        ("{allow: a}", "options.allow", "expected a list of strings"),
        ("{strict: 1}", "options.strict", "expected true or false"),
        ("{label: 3}", "options.label", "expected a string"),
    ]
    for opts, key, words in cases:
        f = write(tmp_path / "claude-lint.yaml", f"rules:\n  {API}:\n    options: {opts}\n")
        err = policy_error(f)
        assert err.key == f"rules.{API}.{key}", opts
        assert words in err.message, (opts, err.message)


def test_broken_yaml_names_the_line(in_tmp):
    f = write(in_tmp / "claude-lint.yaml", "policy:\n  residency: eu\n  zdr: [true\nselect: []\n")
    err = policy_error(f)
    assert "is not valid YAML" in err.message
    assert "line 4" in err.message
    result = lint()
    assert result.exit_code == 2
    assert str(f.resolve()) in result.stderr and "line 4" in result.stderr


def test_broken_yaml_bad_indentation(in_tmp):
    f = write(in_tmp / "claude-lint.yaml", "policy:\n  residency: eu\n zdr: true\n")
    err = policy_error(f)
    assert "is not valid YAML" in err.message and "line 3" in err.message


def test_yaml_python_tags_are_refused(in_tmp):
    f = write(in_tmp / "claude-lint.yaml", "policy: !!python/object/apply:os.system ['echo pwned']\n")
    err = policy_error(f)
    assert "is not valid YAML" in err.message
    assert lint().exit_code == 2


def test_broken_toml(in_tmp):
    f = write(in_tmp / "pyproject.toml", '[project]\nname = "x"\n\n[tool.claude-lint]\nselect = = ["a"]\n')
    api_file(in_tmp / "app.py")
    result = lint()  # found by discovery: it holds our table, so its breakage is ours to report
    assert result.exit_code == 2
    assert str(f.resolve()) in result.stderr and "is not valid TOML" in result.stderr and "line 5" in result.stderr
    result = lint("--config", str(f))
    assert result.exit_code == 2 and "is not valid TOML" in result.stderr


def test_broken_pyproject_without_our_table_is_not_ours(in_tmp):
    write(in_tmp / "pyproject.toml", '[tool.ruff]\nselect = ["E"\n')
    api_file(in_tmp / "app.py")
    assert lint().exit_code == 1


@pytest.mark.parametrize(
    "text, shown", [("- a\n- b\n", "a list"), ("just a string\n", "a string"), ("3\n", "a number")]
)
def test_non_mapping_top_level(in_tmp, text, shown):
    f = write(in_tmp / "claude-lint.yaml", text)
    err = policy_error(f)
    assert "top level must be a mapping" in err.message and shown in err.message
    result = lint()
    assert result.exit_code == 2 and str(f.resolve()) in result.stderr


def test_pyproject_table_must_be_a_mapping(tmp_path):
    f = write(tmp_path / "pyproject.toml", '[tool]\nclaude-lint = "strict"\n')
    assert "top level must be a mapping" in policy_error(f).message


def test_config_pyproject_without_table(in_tmp):
    f = write(in_tmp / "pyproject.toml", "[project]\nname = 'x'\n")
    api_file(in_tmp / "app.py")
    result = lint("--config", str(f))
    assert result.exit_code == 2 and "tool.claude-lint" in result.stderr


def test_missing_config_file_is_a_usage_error(in_tmp):
    result = lint("--config", "nope.yaml")
    assert result.exit_code == 2


def test_extend_cycle(in_tmp):
    a = write(in_tmp / "claude-lint.yaml", "extend: org/base.yaml\n")
    b = write(in_tmp / "org" / "base.yaml", "extend: ../claude-lint.yaml\n")
    err = policy_error(a)
    assert err.key == "extend" and "cycle" in err.message
    assert str(a.resolve()) in err.message and str(b.resolve()) in err.message
    result = lint()
    assert result.exit_code == 2 and "cycle" in result.stderr


def test_extend_self_cycle(tmp_path):
    f = write(tmp_path / "claude-lint.yaml", "extend: claude-lint.yaml\n")
    assert "cycle" in policy_error(f).message


def test_missing_extend_target_names_the_extending_file(in_tmp):
    f = write(in_tmp / "claude-lint.yaml", "extend: ../org/claude-lint.yaml\n")
    err = policy_error(f)
    assert err.file == str(f.resolve()) and err.key == "extend" and "does not exist" in err.message


def test_error_in_base_names_the_base_file(tmp_path):
    base = write(tmp_path / "org" / "base.yaml", "policy:\n  residancy: eu\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\npolicy: {zdr: true}\n")
    err = policy_error(child)
    assert err.file == str(base.resolve())
    assert err.key == "policy.residancy" and "did you mean 'residency'" in err.message


def test_broken_yaml_in_base_names_the_base_file(tmp_path):
    base = write(tmp_path / "org" / "base.yaml", "policy: [\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\n")
    err = policy_error(child)
    assert err.file == str(base.resolve()) and "is not valid YAML" in err.message


def test_error_value_from_base_names_the_base_file(tmp_path):
    base = write(tmp_path / "org" / "base.yaml", "policy:\n  phi-names: {add: [a], remov: [b]}\n")
    child = write(
        tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\npolicy:\n  phi-names: {add: [c]}\n"
    )
    err = policy_error(child)
    assert err.file == str(base.resolve()) and err.key == "policy.phi-names.remov"


def test_unknown_rule_in_base_names_the_base_file(tmp_path):
    base = write(tmp_path / "org" / "base.yaml", "rules:\n  prompt-loged: {severity: low}\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\n")
    err = policy_error(child)
    assert err.file == str(base.resolve()) and err.key == "rules.prompt-loged"


def test_cli_override_error_names_the_command_line(tmp_path):
    f = write(tmp_path / "claude-lint.yaml", "policy: {residency: us}\n")
    err = policy_error(f, overrides={"residency": "mars"})
    assert err.file == COMMAND_LINE and err.key == "policy.residency"


# --------------------------------------------------------------------------- empty and null


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "# only a comment\n",
        "---\n",
        "policy:\n",
        "policy: null\n",
        "policy: {}\n",
        "rules:\n",
        "rules: {}\n",
        "policy:\n  phi-names:\n",
        "select: []\nignore:\n",
    ],
)
def test_empty_means_defaults(in_tmp, text):
    f = write(in_tmp / "claude-lint.yaml", text)
    p = load(f)
    d = loader().load(None)
    for name in (
        "residency",
        "allowed_regions",
        "handles_phi",
        "phi_names_add",
        "phi_names_remove",
        "zdr",
        "baa",
        "zdr_key_env",
        "approved_base_urls",
        "test_paths",
        "select",
        "ignore",
        "exclude",
        "custom_rules",
        "baseline",
    ):
        assert getattr(p, name) == getattr(d, name), name
    assert p.source == f.resolve()
    make_tree(in_tmp)
    assert hits() == ALL


def test_empty_pyproject_table_means_defaults(in_tmp):
    f = write(in_tmp / "pyproject.toml", "[tool.claude-lint]\n")
    assert load(f).residency == "any"
    make_tree(in_tmp)
    assert hits() == ALL


def test_rule_entry_null(tmp_path):
    p = load(write(tmp_path / "claude-lint.yaml", f"rules:\n  {API}:\n"))
    s = p.rules[API]
    assert (s.disable, s.severity, s.exclude) == (False, None, ())


def test_null_policy_in_child_keeps_the_base(tmp_path):
    write(tmp_path / "org" / "base.yaml", "policy:\n  residency: eu\n  zdr: true\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\npolicy:\n")
    p = load(child)
    assert (p.residency, p.zdr) == ("eu", True)


# --------------------------------------------------------------------------- discovery


@pytest.mark.parametrize("name", ["claude-lint.yaml", ".claude-lint.yaml", "pyproject.toml"])
def test_each_policy_file_name_is_found(tree, name):
    text = f'select = ["{API}"]\n' if name == "pyproject.toml" else f"select: [{API}]\n"
    write(tree / name, ("[tool.claude-lint]\n" + text) if name == "pyproject.toml" else text)
    assert hits() == {h for h in ALL if h[0] == API}


def test_names_in_one_folder_precedence(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.claude-lint]\npolicy = {residency = 'us'}\n")
    assert loader().policy_file_for(tmp_path, tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / ".claude-lint.yaml", "policy: {residency: eu}\n")
    assert loader().policy_file_for(tmp_path, tmp_path) == tmp_path / ".claude-lint.yaml"
    write(tmp_path / "claude-lint.yaml", "policy: {residency: any}\n")
    assert loader().policy_file_for(tmp_path, tmp_path) == tmp_path / "claude-lint.yaml"


def test_nearest_policy_wins_whole(tree):
    write(tree / "claude-lint.yaml", f"select: [{API}]\npolicy: {{residency: eu}}\n")
    write(tree / "scripts" / "claude-lint.yaml", "policy: {zdr: true}\n")
    got = hits()
    # scripts/ has its own policy: the top-level select does not leak into it
    assert (CONSUMER, "scripts/login.py") in got
    assert (API, "scripts/tool.py") in got
    assert (CONSUMER, "session.py") not in got
    lo = loader()
    p = lo.for_path(tree / "scripts" / "tool.py", tree)
    assert (p.residency, p.zdr, p.select) == ("any", True, ())


def test_subfolder_policy_globs_are_relative_to_its_folder(tree):
    write(tree / "scripts" / "claude-lint.yaml", 'exclude: ["tool.py"]\npolicy: {test-paths: ["/login.py"]}\n')
    sev = severities()
    assert (API, "scripts/tool.py") not in sev
    assert sev[(CONSUMER, "scripts/login.py")] == "medium"


def test_pyproject_without_table_does_not_count(tree):
    write(tree / "claude-lint.yaml", f"select: [{API}]\n")
    write(tree / "scripts" / "pyproject.toml", "[project]\nname = 'scripts'\n\n[tool.ruff]\nline-length = 100\n")
    assert hits() == {h for h in ALL if h[0] == API}


def test_discovery_stops_at_the_git_root(in_tmp):
    write(in_tmp / "claude-lint.yaml", f"select: [{API}]\n")  # above the repository: ignored
    repo = in_tmp / "repo"
    repo.mkdir()
    git_init(repo)
    make_tree(repo)
    got = hits("repo")
    assert {h[0] for h in got} == {API, CONSUMER, NO_REASON, UNUSED}
    lo = loader()
    assert lo.policy_file_for(repo / "scripts", repo) is None
    # a policy at the repository root is found from nested folders
    write(repo / "claude-lint.yaml", f"select: [{CONSUMER}]\n")
    assert {h[0] for h in hits("repo")} == {CONSUMER}
    assert loader().policy_file_for(repo / "scripts", repo) == repo / "claude-lint.yaml"


@pytest.mark.parametrize("in_git", [True, False], ids=["git", "plain"])
def test_discovery_from_a_file_named_explicitly(tree, in_git):
    if in_git:  # (pre-commit passes files)
        git_init(tree)
    write(tree / "claude-lint.yaml", f"rules:\n  {API}: {{severity: low}}\n")
    assert severities("scripts/tool.py") == {(API, "scripts/tool.py"): "low"}


def test_discovery_outside_git_walks_up_to_the_filesystem_root(in_tmp):
    """Outside any repository there is no repository root to stop at: discovery walks up from
    the named folder as Ruff's does, so a policy beside (or above) unpacked sources applies."""
    write(in_tmp / "claude-lint.yaml", f'select: [{API}]\nexclude: ["drops/b/scripts/**"]\n')
    make_tree(in_tmp / "drops" / "a")
    make_tree(in_tmp / "drops" / "b")
    assert hits("drops/a") == {
        (API, "drops/a/app.py"),
        (API, "drops/a/tests/helper.py"),
        (API, "drops/a/scripts/tool.py"),
    }
    # the found policy's globs start at its own folder
    assert hits("drops/b") == {(API, "drops/b/app.py"), (API, "drops/b/tests/helper.py")}
    assert hits("drops/a/scripts/tool.py") == {(API, "drops/a/scripts/tool.py")}
    got = loader().for_path(in_tmp / "drops" / "a" / "app.py", in_tmp / "drops" / "a")
    assert got.source == (in_tmp / "claude-lint.yaml").resolve() and got.root == in_tmp.resolve()
    # with no policy anywhere above, the defaults' globs start at the named folder
    (in_tmp / "claude-lint.yaml").unlink()
    assert severities("drops/a")[(API, "drops/a/tests/helper.py")] == "high"


def test_discovery_inside_git_does_not_pass_the_repository_root(in_tmp):
    write(in_tmp / "claude-lint.yaml", f"select: [{CONSUMER}]\n")
    make_tree(in_tmp / "repo")
    git_init(in_tmp / "repo")
    assert {h[0] for h in hits("repo/scripts")} == {API, CONSUMER}
    assert loader().for_path(in_tmp / "repo" / "app.py", in_tmp / "repo").source is None


def test_config_overrides_discovery(tree):
    write(tree / "claude-lint.yaml", "polcy: broken\n")  # never read
    write(tree / "scripts" / "claude-lint.yaml", "select: [suppression]\n")
    cfg = write(tree / "ci" / "policy.yaml", f"select: [{CONSUMER}]\n")
    got = hits("--config", str(cfg))
    assert got == {h for h in ALL if h[0] == CONSUMER}  # scripts/ too


def test_config_folder_is_the_root_for_relative_globs(tree):
    cfg = write(
        tree / "scripts" / "ci-policy.yaml",
        'exclude: ["/tool.py"]\npolicy:\n  test-paths: ["login.py"]\nrules:\n  hardcoded-api-key: {exclude: ["app.py"]}\n',
    )
    p = load(cfg)
    assert p.root == (tree / "scripts").resolve()
    sev = severities("--config", str(cfg))
    assert (API, "scripts/tool.py") not in sev  # /tool.py is anchored at scripts/
    assert sev[(CONSUMER, "scripts/login.py")] == "medium"  # lowered as a test path
    assert sev[(CONSUMER, "session.py")] == "high"  # outside the config's folder: globs do not reach it
    assert sev[(API, "app.py")] == "critical"
    assert sev[(API, "tests/helper.py")] == "critical"  # test-paths replaced


def test_config_relative_to_cwd(tree):
    write(tree / "ci" / "policy.yaml", f"select: [{CONSUMER}]\n")
    assert hits("--config", "ci/policy.yaml") == {h for h in ALL if h[0] == CONSUMER}


def test_config_pyproject(tree):
    cfg = write(tree / "ci" / "pyproject.toml", f'[tool.claude-lint]\nignore = ["{API}", "suppression"]\n')
    assert hits("--config", str(cfg)) == {h for h in ALL if h[0] == CONSUMER}


def test_residency_override_replaces_one_key(tree, recorded):
    write(tree / "claude-lint.yaml", "policy: {residency: us, zdr: true}\n")
    lint("--residency", "eu")
    pol = {path: pol for path, pol, _ in recorded}["app.py"]
    assert (pol.residency, pol.zdr) == ("eu", True)
    assert pol.provenance["policy.residency"] == COMMAND_LINE
    assert pol.provenance["policy.zdr"] == str((tree / "claude-lint.yaml").resolve())


def test_residency_override_without_a_policy_file(tree, recorded):
    lint("--residency", "us")
    pol = {path: pol for path, pol, _ in recorded}["app.py"]
    assert pol.residency == "us" and pol.source is None
    assert pol.provenance == {"policy.residency": COMMAND_LINE}


def test_residency_override_applies_to_every_discovered_policy(tree, recorded):
    write(tree / "claude-lint.yaml", "policy: {residency: us}\n")
    write(tree / "scripts" / "claude-lint.yaml", "policy: {zdr: true}\n")
    lint("--residency", "eu")
    pols = {path: pol for path, pol, _ in recorded}
    assert pols["app.py"].residency == pols["scripts/tool.py"].residency == "eu"
    assert pols["scripts/tool.py"].zdr is True


def test_residency_option_is_validated():
    result = CliRunner().invoke(main, ["check", "--residency", "mars"])
    assert result.exit_code == 2


# --------------------------------------------------------------------------- extend


def test_extend_relative_path_and_key_by_key_override(tmp_path):
    write(
        tmp_path / "org" / "claude-lint.yaml",
        f"""
        policy:
          residency: eu
          zdr: true
          baa: [aws]
          approved-base-urls: [https://a.example, https://b.example]
          phi-names: {{add: [member_id]}}
        rules:
          {API}: {{severity: low, exclude: [a/**]}}
          {UNUSED}: {{disable: true}}
        select: [secrets, suppression]
        exclude: [vendor/**]
        """,
    )
    child = write(
        tmp_path / "repo" / "claude-lint.yaml",
        f"""
        extend: ../org/claude-lint.yaml
        policy:
          zdr: false
          approved-base-urls: [https://c.example]
          phi-names: {{remove: [ssn]}}
        rules:
          {API}: {{exclude: [b/**]}}
          {CONSUMER}: {{severity: critical}}
        ignore: [{NO_REASON}]
        """,
    )
    p = load(child)
    assert p.residency == "eu"  # inherited
    assert p.zdr is False  # overridden
    assert p.baa == frozenset({"aws"})
    assert p.approved_base_urls == ("https://c.example",)  # lists are replaced, not appended
    assert (p.phi_names_add, p.phi_names_remove) == (("member_id",), ("ssn",))  # mappings merged
    assert p.rules[API].severity is Severity.LOW  # merged per rule, per key
    assert p.rules[API].exclude == ("b/**",)
    assert p.rules[UNUSED].disable is True
    assert p.rules[CONSUMER].severity is Severity.CRITICAL
    assert p.select == ("secrets", "suppression")
    assert p.ignore == (NO_REASON,)
    assert p.exclude == ("vendor/**",)
    assert p.source == child.resolve()
    assert p.root == (tmp_path / "repo").resolve()  # the base's globs apply from the extending file


def test_extend_absolute_path(tmp_path):
    base = write(tmp_path / "org" / "base.yaml", "policy: {residency: us}\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", f"extend: {base.resolve()}\n")
    assert load(child).residency == "us"


def test_extend_chain_of_three(tmp_path):
    write(tmp_path / "global.yaml", "policy: {residency: us, zdr: true, handles-phi: true}\n")
    write(tmp_path / "org" / "base.yaml", "extend: ../global.yaml\npolicy: {residency: eu}\n")
    child = write(tmp_path / "org" / "team" / "claude-lint.yaml", "extend: ../base.yaml\npolicy: {zdr: false}\n")
    p = load(child)
    assert (p.residency, p.zdr, p.handles_phi) == ("eu", False, True)


def test_extend_from_pyproject_and_to_pyproject(tmp_path):
    write(tmp_path / "org" / "pyproject.toml", "[tool.claude-lint.policy]\nresidency = 'us'\nzdr = true\n")
    child = write(
        tmp_path / "repo" / "pyproject.toml",
        "[tool.claude-lint]\nextend = '../org/pyproject.toml'\n[tool.claude-lint.policy]\nzdr = false\n",
    )
    p = load(child)
    assert (p.residency, p.zdr) == ("us", False)


def test_extend_rule_options_merge_by_name(tmp_path, with_options):
    write(tmp_path / "org" / "base.yaml", f"rules:\n  {API}:\n    options: {{min-length: 30, allow: [x]}}\n")
    child = write(
        tmp_path / "repo" / "claude-lint.yaml",
        f"extend: ../org/base.yaml\nrules:\n  {API}:\n    options: {{allow: [y, z]}}\n",
    )
    assert dict(load(child).rules[API].options) == {
        "min-length": 30,
        "allow": ("y", "z"),
        "strict": False,
        "label": "x",
    }


def test_extend_child_can_reset_a_rule_severity(tmp_path):
    write(tmp_path / "org" / "base.yaml", f"rules:\n  {API}: {{severity: low}}\n")
    child = write(
        tmp_path / "repo" / "claude-lint.yaml", f"extend: ../org/base.yaml\nrules:\n  {API}: {{severity: null}}\n"
    )
    assert load(child).rules[API].severity is None


def test_extend_paths_in_base_stay_relative_to_base(tmp_path):
    (tmp_path / "org" / "semgrep").mkdir(parents=True)
    write(tmp_path / "org" / "base.yaml", "custom-rules: [semgrep]\nbaseline: baseline.json\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\n")
    p = load(child)
    assert p.custom_rules == ((tmp_path / "org" / "semgrep").resolve(),)
    assert p.baseline == (tmp_path / "org" / "baseline.json").resolve()


def test_extend_paths_in_base_through_a_chain(tmp_path):
    (tmp_path / "global" / "semgrep").mkdir(parents=True)
    write(tmp_path / "global" / "g.yaml", "custom-rules: [semgrep]\nbaseline: g.json\n")
    write(tmp_path / "org" / "base.yaml", "extend: ../global/g.yaml\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\n")
    p = load(child)
    assert p.custom_rules == ((tmp_path / "global" / "semgrep").resolve(),)
    assert p.baseline == (tmp_path / "global" / "g.json").resolve()


def test_extend_paths_set_by_child_are_relative_to_child(tmp_path):
    (tmp_path / "org" / "semgrep").mkdir(parents=True)
    (tmp_path / "repo" / "semgrep").mkdir(parents=True)
    write(tmp_path / "org" / "base.yaml", "custom-rules: [semgrep]\nbaseline: baseline.json\n")
    child = write(
        tmp_path / "repo" / "claude-lint.yaml",
        "extend: ../org/base.yaml\ncustom-rules: [semgrep]\nbaseline: .baseline.json\n",
    )
    p = load(child)
    assert p.custom_rules == ((tmp_path / "repo" / "semgrep").resolve(),)
    assert p.baseline == (tmp_path / "repo" / ".baseline.json").resolve()


def test_extend_child_can_clear_the_base_baseline(tmp_path):
    write(tmp_path / "org" / "base.yaml", "baseline: baseline.json\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\nbaseline: null\n")
    assert load(child).baseline is None


def test_extend_through_a_run(in_tmp):
    write(in_tmp / "org" / "base.yaml", f"select: [{API}]\nrules:\n  {API}: {{severity: low}}\n")
    repo = make_tree(in_tmp / "repo")
    write(repo / "claude-lint.yaml", "extend: ../org/base.yaml\n")
    result = CliRunner().invoke(main, ["check", "--format", "json", "repo"])
    got = json.loads(result.stdout)["findings"]
    assert {f["rule_id"] for f in got} == {API}
    assert {f["severity"] for f in got} == {"low"}
    assert result.exit_code == 0


# --------------------------------------------------------------------------- provenance


def test_provenance_single_file(tmp_path):
    f = write(
        tmp_path / "claude-lint.yaml",
        f"""
        policy:
          residency: us
          phi-names: {{add: [a]}}
        rules:
          {API}: {{severity: low}}
          {UNUSED}: {{}}
        select: [secrets]
        """,
    )
    p = load(f)
    src = str(f.resolve())
    assert p.provenance == {
        "policy.residency": src,
        "policy.phi-names.add": src,
        f"rules.{API}.severity": src,
        f"rules.{UNUSED}": src,
        "select": src,
    }


def test_provenance_through_extend(tmp_path):
    g = write(tmp_path / "global.yaml", f"policy: {{residency: us, zdr: true}}\nrules:\n  {API}: {{severity: low}}\n")
    b = write(
        tmp_path / "org" / "base.yaml",
        "extend: ../global.yaml\npolicy:\n  residency: eu\n  phi-names: {add: [a], remove: [b]}\nexclude: [x]\n",
    )
    c = write(
        tmp_path / "org" / "team" / "claude-lint.yaml",
        f"extend: ../base.yaml\npolicy:\n  phi-names: {{remove: [c]}}\nrules:\n  {API}: {{exclude: [y]}}\nexclude: [z]\n",
    )
    g, b, c = (str(x.resolve()) for x in (g, b, c))
    p = load(Path(c))
    assert p.provenance == {
        "policy.residency": b,
        "policy.zdr": g,
        "policy.phi-names.add": b,
        "policy.phi-names.remove": c,
        f"rules.{API}.severity": g,
        f"rules.{API}.exclude": c,
        "exclude": c,
    }


def test_provenance_when_a_child_replaces_a_mapping_with_a_value(tmp_path):
    write(tmp_path / "org" / "base.yaml", "policy:\n  phi-names: {add: [a]}\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\npolicy:\n  phi-names: [oops]\n")
    with pytest.raises(PolicyError) as info:
        load(child)
    assert info.value.file == str(child.resolve()) and info.value.key == "policy.phi-names"


def test_provenance_of_rule_options(tmp_path, with_options):
    b = write(tmp_path / "org" / "base.yaml", f"rules:\n  {API}:\n    options: {{min-length: 30, allow: [x]}}\n")
    c = write(
        tmp_path / "repo" / "claude-lint.yaml",
        f"extend: ../org/base.yaml\nrules:\n  {API}:\n    options: {{allow: [y]}}\n",
    )
    p = load(c)
    assert p.provenance == {
        f"rules.{API}.options.min-length": str(b.resolve()),
        f"rules.{API}.options.allow": str(c.resolve()),
    }


def test_provenance_of_cli_overrides(tmp_path):
    b = write(tmp_path / "org" / "base.yaml", "policy: {residency: us, zdr: true}\n")
    c = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\npolicy: {residency: any}\n")
    p = load(c, overrides={"residency": "eu"})
    assert p.residency == "eu"
    assert p.provenance == {"policy.residency": COMMAND_LINE, "policy.zdr": str(b.resolve())}


def test_provenance_is_not_shared_between_loads(tmp_path):
    f = write(tmp_path / "claude-lint.yaml", "policy: {residency: us}\n")
    lo = loader(overrides={"residency": "eu"})
    p1 = lo.load(f)
    p2 = loader().load(f)
    assert p1.provenance["policy.residency"] == COMMAND_LINE
    assert p2.provenance["policy.residency"] == str(f.resolve())


def test_policy_error_is_exit_code_2_with_file_and_key(in_tmp):
    """The CLI prints ``file: key.path: message`` on one line."""
    f = write(in_tmp / "claude-lint.yaml", "policy:\n  residancy: eu\n")
    result = lint()
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"claude-lint: error: {f.resolve()}: policy.residancy: unknown key (did you mean 'residency'?)"
    )


def test_every_documented_key_is_accepted(tmp_path):
    """The DESIGN §1 example, verbatim apart from the `extend` target and a rule of ours."""
    write(tmp_path / "org" / "claude-lint.yaml", "")
    f = write(
        tmp_path / "repo" / "claude-lint.yaml",
        f"""
        extend: ../org/claude-lint.yaml
        policy:
          residency: any
          allowed-regions: []
          handles-phi: auto
          phi-names: {{add: [], remove: []}}
          zdr: false
          baa: false
          zdr-key-env: []
          approved-base-urls: []
          test-paths: ["tests/**", "test_*.py", "*_test.py"]
        rules:
          {API}: {{severity: low, exclude: ["scripts/**"]}}
        select: []
        ignore: []
        exclude: []
        custom-rules: []
        baseline: null
        """,
    )
    p = load(f)
    assert p.rules[API].severity is Severity.LOW
    assert p.test_paths == ("tests/**", "test_*.py", "*_test.py")


def test_rule_base_class_options_declaration_is_a_mapping():
    assert Rule.options == {}
