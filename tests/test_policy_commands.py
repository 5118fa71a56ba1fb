"""``claude-lint config`` (the effective policy and where each value came from) and
``claude-lint init`` (a commented starter policy that loads and validates)."""

from __future__ import annotations

import itertools
import json
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from claude_lint import policy_commands, policy_schema, registry
from claude_lint.cli import main
from claude_lint.config import DEFAULT_TEST_PATHS, PROVIDERS, Policy, PolicyLoader
from claude_lint.effective import _toml_lines, _yaml_lines, effective_document, yaml_value
from claude_lint.starter import parse_baa, render

SCHEMA = json.loads(policy_schema.SCHEMA_FILE.read_text(encoding="utf-8"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def loader(**kw) -> PolicyLoader:
    rules = registry.builtin_rules()
    return PolicyLoader(
        rules.keys(),
        registry.all_tags(rules.values()),
        rule_options={c.id: dict(c.options) for c in registry.rule_classes()},
        **kw,
    )


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def same_policy(a: Policy, b: Policy) -> None:
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
        "rules",
        "select",
        "ignore",
        "exclude",
        "custom_rules",
        "baseline",
    ):
        assert getattr(a, name) == getattr(b, name), name


@pytest.fixture
def chain(in_tmp, monkeypatch) -> Path:
    """org/base.yaml <- repo/claude-lint.yaml (a git repository), extended key by key."""
    # a repository's policy names files outside the repository only below a root the person
    # running the tool trusts (issue 15 item 6)
    monkeypatch.setenv("CLAUDE_LINT_POLICY_ROOT", str(in_tmp))
    (in_tmp / "org" / "semgrep").mkdir(parents=True)
    write(
        in_tmp / "org" / "base.yaml",
        """
        policy:
          residency: eu
          zdr: true
          phi-names: {add: [Member_ID]}
        rules:
          prompt-logged: {severity: low, exclude: ["scripts/**"]}
        select: [secrets, residency]
        custom-rules: []
        baseline: accepted.json
        """,
    )
    repo = in_tmp / "repo"
    write(
        repo / "claude-lint.yaml",
        """
        extend: ../org/base.yaml
        policy:
          zdr: false
          baa: [aws]
        rules:
          insecure-base-url:
            options: {trusted-hosts: [sidecar]}
        ignore: [prompt-logged]
        """,
    )
    write(repo / "src" / "app.py", "x = 1\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True, capture_output=True)
    return repo


# --------------------------------------------------------------------------- config


def test_config_shows_values_and_their_origins_through_an_extend_chain(chain, monkeypatch):
    monkeypatch.chdir(chain)
    result = run("config", "src/app.py")
    assert result.exit_code == 0, result.output
    lines = {ln.split(":")[0].strip(): ln for ln in result.stdout.splitlines() if not ln.startswith("#")}
    assert result.stdout.splitlines()[1] == "# policy file: claude-lint.yaml (extends ../org/base.yaml)"
    assert lines["residency"].split("#")[-1].strip() == "../org/base.yaml:2"
    assert lines["zdr"].split("#")[-1].strip() == "claude-lint.yaml:3"
    assert "zdr: false" in lines["zdr"]
    assert lines["baa"].split("#")[-1].strip() == "claude-lint.yaml:4"
    assert lines["add"].split("#")[-1].strip() == "../org/base.yaml:4" and "[member_id]" in lines["add"]
    assert lines["handles-phi"].split("#")[-1].strip() == "default"
    assert lines["trusted-hosts"].split("#")[-1].strip() == "claude-lint.yaml:7"
    assert lines["allow-loopback"].split("#")[-1].strip() == "default"  # a declared option's default
    assert lines["severity"].split("#")[-1].strip() == "../org/base.yaml:6"
    assert lines["select"].split("#")[-1].strip() == "../org/base.yaml:7"
    assert lines["ignore"].split("#")[-1].strip() == "claude-lint.yaml:8"
    assert lines["baseline"].split("#")[-1].strip() == "../org/base.yaml:9"


def test_config_yaml_output_is_a_policy_meaning_the_same(chain, monkeypatch, tmp_path):
    monkeypatch.chdir(chain)
    result = run("config")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(result.stdout)
    assert not list(Draft202012Validator(SCHEMA).iter_errors(doc))
    copy = write(chain / "flat" / "claude-lint.yaml", result.stdout)
    original = loader().for_path(chain / "src" / "app.py", chain)
    flattened = loader().load(copy)
    same_policy(original, flattened)
    assert original.baseline == (chain.parent / "org" / "accepted.json").resolve()


def test_config_json_output(chain, monkeypatch):
    monkeypatch.chdir(chain)
    result = run("config", "--format", "json", "--residency", "us", "src")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["policy_file"] == "claude-lint.yaml" and data["extends"] == ["../org/base.yaml"]
    assert data["root"] == str(chain.resolve())
    assert data["effective"]["policy"]["residency"] == "us"
    assert data["effective"]["policy"]["phi-names"] == {"add": ["member_id"], "remove": []}
    assert data["origins"]["policy.residency"] == {"origin": "command line"}
    assert data["origins"]["policy.zdr"] == {"origin": "file", "file": "claude-lint.yaml", "line": 3}
    assert data["origins"]["policy.test-paths"] == {"origin": "default"}
    assert data["effective"]["policy"]["test-paths"] == list(DEFAULT_TEST_PATHS)
    assert set(data["effective"]) == set(SCHEMA["properties"]) - {"extend"}


def test_config_without_a_policy_file(in_tmp):
    subprocess.run(["git", "init", "-q", str(in_tmp)], check=True, capture_output=True)
    result = run("config")
    assert result.exit_code == 0
    assert "# policy file: none found: built-in defaults" in result.stdout
    body = [ln for ln in result.stdout.splitlines() if not ln.startswith("#") and ": " in ln]
    assert body and all(ln.rstrip().endswith("# default") for ln in body)


def test_config_with_config_option_and_pyproject(in_tmp):
    cfg = write(
        in_tmp / "ci" / "pyproject.toml",
        """
        [project]
        name = "x"

        [tool.claude-lint]
        select = ["secrets"]

        [tool.claude-lint.policy]
        residency = "us"
        phi-names = {add = ["a"], remove = ["b"]}

        [tool.claude-lint.rules.prompt-logged]
        severity = "low"
        """,
    )
    result = run("config", "--config", str(cfg), "--format", "json")
    assert result.exit_code == 0, result.output
    origins = json.loads(result.stdout)["origins"]
    assert origins["policy.residency"]["line"] == 8
    assert origins["policy.phi-names.add"]["line"] == origins["policy.phi-names.remove"]["line"] == 9
    assert origins["rules.prompt-logged.severity"]["line"] == 12
    assert origins["select"]["line"] == 5


def test_config_reports_policy_errors_with_exit_2(in_tmp):
    write(in_tmp / "claude-lint.yaml", "policy: {residancy: eu}\n")
    result = run("config")
    assert result.exit_code == 2
    assert "policy.residancy: unknown key (did you mean 'residency'?)" in result.stderr


def test_key_lines():
    assert _yaml_lines("policy:\n  residency: eu\nrules:\n  a: {options: {b: 1}}\n") == {
        "policy": 1,
        "policy.residency": 2,
        "rules": 3,
        "rules.a": 4,
        "rules.a.options": 4,
        "rules.a.options.b": 4,
    }
    toml = '[tool.ruff]\nx = 1\n[tool.claude-lint]\nselect = ["a"]\n"policy".zdr = true\n[tool.claude-lint.rules.p]\n'
    assert _toml_lines(toml) == {"select": 4, "policy.zdr": 5, "rules.p": 6}
    assert _toml_lines('tool.claude-lint.policy.residency = "us"\n') == {"policy.residency": 1}


@pytest.mark.parametrize(
    "value",
    [
        "us",
        "tests/**",
        "true",
        "no",
        "on",
        "~",
        "1.5",
        ".inf",
        "a: b",
        "#x",
        "",
        "-a",
        "../org/base.yaml",
        "é",
        "null",
        "[a]",
        "'q'",
        True,
        None,
        3,
        ["a", "*"],
        {"add": ["x"]},
    ],
)
def test_yaml_values_read_back_as_written(value):
    assert yaml.safe_load(f"k: {yaml_value(value)}\n") == {"k": value}


def test_effective_document_of_the_defaults_validates():
    doc = effective_document(loader().load(None))
    assert not list(Draft202012Validator(SCHEMA).iter_errors(doc))
    assert doc["policy"]["baa"] == [] and doc["baseline"] is None


# --------------------------------------------------------------------------- init

BAAS = [False, True, ["aws"], ["anthropic", "google", "azure"]]


@pytest.mark.parametrize("extend", [None, "../org/base.yaml"])
def test_every_starter_loads_and_validates(tmp_path, extend):
    write(tmp_path / "org" / "base.yaml", "policy: {residency: eu, zdr: true}\n")
    f = tmp_path / "repo" / "claude-lint.yaml"
    f.parent.mkdir()
    for residency, phi, zdr, baa in itertools.product(
        ["any", "us", "eu", None], ["auto", True, False, None], [True, False, None], [*BAAS, None]
    ):
        text = render(residency=residency, handles_phi=phi, zdr=zdr, baa=baa, extend=extend)
        f.write_text(text, encoding="utf-8")
        doc = yaml.safe_load(text)
        assert not list(Draft202012Validator(SCHEMA).iter_errors(doc)), text
        p = loader().load(f)
        inherited = extend is not None
        assert p.residency == (residency or ("eu" if inherited else "any"))
        assert p.handles_phi == ("auto" if phi is None else phi)
        assert p.zdr is (zdr if zdr is not None else inherited)
        assert p.baa == (frozenset(PROVIDERS) if baa is True else frozenset(baa or ()))
        if extend:
            assert f"extend: {extend}" in text
            assert set(doc) <= {"extend", "policy", "rules"}  # the rest is commented out: the base's values apply


def test_starter_mentions_every_key_with_a_comment():
    text = render()
    assert text.startswith(f"# yaml-language-server: $schema={policy_schema.SCHEMA_URL}\n")
    lines = text.splitlines()
    keys = [*SCHEMA["properties"], *SCHEMA["properties"]["policy"]["properties"]]
    for key in keys:
        (i,) = [n for n, ln in enumerate(lines) if ln.lstrip("# ").startswith(f"{key}:")]
        assert lines[i - 1].lstrip().startswith("#"), key  # a comment right above explains it
    assert set(yaml.safe_load(text)) == set(SCHEMA["properties"]) - {"extend"}


def test_parse_baa():
    assert parse_baa("none") is False and parse_baa("") is False and parse_baa("ALL") is True
    assert parse_baa("google, AWS,aws") == ["aws", "google"]
    with pytest.raises(ValueError, match="did you mean 'google'"):
        parse_baa("gogle")


def test_init_with_flags(in_tmp):
    result = run("init", "--residency", "eu", "--handles-phi", "true", "--zdr", "--baa", "anthropic,aws")
    assert result.exit_code == 0, result.output
    p = loader().load(in_tmp / "claude-lint.yaml")
    assert (p.residency, p.handles_phi, p.zdr, p.baa) == ("eu", True, True, frozenset({"anthropic", "aws"}))
    assert "wrote" in result.stderr


def test_init_without_a_terminal_uses_defaults(in_tmp):
    result = run("init", "--path", "sub/dir")  # CliRunner's stdin is not a terminal: nothing is asked
    assert result.exit_code == 0, result.output
    p = loader().load(in_tmp / "sub" / "dir" / "claude-lint.yaml")
    assert (p.residency, p.handles_phi, p.zdr, p.baa) == ("any", "auto", False, frozenset())


def test_init_asks_on_a_terminal(in_tmp, monkeypatch):
    monkeypatch.setattr(policy_commands, "_stdin_is_tty", lambda: True)
    result = run("init", "--zdr", input="us\nfalse\ngogle\ngoogle,aws\n")
    assert result.exit_code == 0, result.output
    assert "did you mean 'google'" in result.output  # asked again
    assert "Zero Data Retention" not in result.output  # answered by the flag
    p = loader().load(in_tmp / "claude-lint.yaml")
    assert (p.residency, p.handles_phi, p.zdr, p.baa) == ("us", False, True, frozenset({"aws", "google"}))


def test_init_yes_asks_nothing(in_tmp, monkeypatch):
    monkeypatch.setattr(policy_commands, "_stdin_is_tty", lambda: True)
    result = run("init", "--yes", "--residency", "us")
    assert result.exit_code == 0, result.output
    assert loader().load(in_tmp / "claude-lint.yaml").residency == "us"


@pytest.mark.parametrize("existing", ["claude-lint.yaml", ".claude-lint.yaml", "pyproject.toml"])
def test_init_refuses_to_replace_a_policy_without_force(in_tmp, existing):
    text = "[tool.claude-lint]\nselect = []\n" if existing == "pyproject.toml" else "policy: {residency: eu}\n"
    write(in_tmp / existing, text)
    result = run("init")
    assert result.exit_code == 2
    assert existing in result.stderr and "--force" in result.stderr
    assert (in_tmp / existing).read_text() == text
    result = run("init", "--force", "--residency", "us")
    assert result.exit_code == 0, result.output
    assert loader().load(in_tmp / "claude-lint.yaml").residency == "us"
    if existing != "claude-lint.yaml":
        assert "takes precedence" in result.stderr


def test_init_pyproject_without_our_table_is_no_policy(in_tmp):
    write(in_tmp / "pyproject.toml", "[project]\nname = 'x'\n")
    assert run("init").exit_code == 0


def test_init_extend(in_tmp):
    write(in_tmp / "org" / "base.yaml", "policy: {residency: eu, zdr: true}\nselect: [secrets]\n")
    result = run("init", "--path", "repo", "--extend", "../org/base.yaml", "--baa", "aws")
    assert result.exit_code == 0, result.output
    p = loader().load(in_tmp / "repo" / "claude-lint.yaml")
    assert (p.residency, p.zdr, p.baa, p.select) == ("eu", True, frozenset({"aws"}), ("secrets",))
    assert run("init", "--path", "other", "--extend", "missing.yaml").exit_code == 2


def test_init_says_what_the_new_file_replaces(in_tmp):
    subprocess.run(["git", "init", "-q", str(in_tmp)], check=True, capture_output=True)
    write(in_tmp / "claude-lint.yaml", "policy: {residency: eu}\n")
    result = run("init", "--path", "services/api")
    assert result.exit_code == 0
    assert f"covered by {(in_tmp / 'claude-lint.yaml').resolve()}" in result.stderr and "--extend" in result.stderr


def test_init_bad_baa_flag_is_a_usage_error(in_tmp):
    result = run("init", "--baa", "gogle")
    assert result.exit_code == 2 and "did you mean 'google'" in result.output
    assert not (in_tmp / "claude-lint.yaml").exists()
