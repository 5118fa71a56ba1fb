"""Issue 15 item 6: an organisation can pin a policy the repository cannot loosen
(``--config ORG --policy-mode pinned``), and every run states which policy files applied."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claude_lint import registry
from claude_lint.cli import main
from claude_lint.config import PolicyLoader

APP = "import anthropic\nclient = anthropic.Anthropic(base_url='http://proxy.internal')\n"
ORG = """
policy:
  residency: eu
  handles-phi: true
  allowed-regions: [europe-west1, eu-central-1]
  baa: [aws]
  zdr-key-env: [ORG_ZDR_KEY]
  approved-base-urls: [https://gw.example.com]
  phi-names: {add: [member_id]}
select: [security, residency]
ignore: [unused-suppression]
exclude: ["generated/**", "vendor/**"]
rules:
  insecure-base-url: {severity: critical, exclude: ["scripts/**", "docs/**"]}
"""


def run(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture
def setup(tmp_path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "-C", str(repo), "init", "-q"], check=True)
    (repo / "app.py").write_text(APP)
    org = tmp_path / "org" / "claude-lint.yaml"
    org.parent.mkdir()
    org.write_text(ORG)
    return repo, org


def pinned(repo: Path, org: Path, *args: str):
    return run(repo, "check", ".", "--no-cache", "--config", str(org), "--policy-mode", "pinned", *args)


LOOSER = [
    ("policy.residency", "policy: {residency: any}"),
    ("policy.residency", "policy: {residency: us}"),
    ("policy.handles-phi", "policy: {handles-phi: auto}"),
    ("policy.allowed-regions", "policy: {allowed-regions: [europe-west1, us-east-1]}"),
    ("policy.allowed-regions", "policy: {allowed-regions: []}"),
    ("policy.approved-base-urls", "policy: {approved-base-urls: [https://gw.example.com, http://evil]}"),
    ("policy.zdr", "policy: {zdr: true}"),
    ("policy.baa", "policy: {baa: true}"),
    ("policy.zdr-key-env", "policy: {zdr-key-env: [ORG_ZDR_KEY, MINE]}"),
    ("policy.phi-names.add", "policy: {phi-names: {add: []}}"),
    ("policy.phi-names.remove", "policy: {phi-names: {remove: [patient]}}"),
    ("policy.test-paths", "policy: {test-paths: ['**']}"),
    ("select", "select: [security]"),
    ("ignore", "ignore: [unused-suppression, security]"),
    ("exclude", "exclude: ['**']"),
    ("baseline", "baseline: accepted.jsonl"),
    ("rules.insecure-base-url.disable", "rules: {insecure-base-url: {disable: true}}"),
    ("rules.insecure-base-url.severity", "rules: {insecure-base-url: {severity: high}}"),
    ("rules.insecure-base-url.severity", "rules: {insecure-base-url: {severity: null}}"),
    ("rules.insecure-base-url.exclude", "rules: {insecure-base-url: {exclude: ['**']}}"),
    ("rules.hardcoded-api-key.severity", "rules: {hardcoded-api-key: {severity: low}}"),
    ("rules.hardcoded-api-key.disable", "rules: {hardcoded-api-key: {disable: true}}"),
]


@pytest.mark.parametrize("key,text", LOOSER, ids=[f"{k}-{i}" for i, (k, _) in enumerate(LOOSER)])
def test_repository_cannot_loosen_a_pinned_policy(setup, key, text):
    repo, org = setup
    (repo / "claude-lint.yaml").write_text(text + "\n")
    res = pinned(repo, org)
    assert res.exit_code == 2, res.output
    assert f"{key}:" in res.output and "pinned" in res.output and "claude-lint.yaml" in res.output


TIGHTER = [
    "policy: {allowed-regions: [europe-west1]}",
    "policy: {phi-names: {add: [member_id, policy_no]}}",
    "policy: {baa: [], zdr-key-env: []}",
    "policy: {test-paths: []}",
    "select: [security, residency, secrets]",
    "ignore: []",
    "exclude: ['vendor/**']",
    "rules: {insecure-base-url: {exclude: ['docs/**']}, credential-logged: {severity: critical}}",
]


@pytest.mark.parametrize("text", TIGHTER)
def test_repository_may_tighten_a_pinned_policy(setup, text):
    repo, org = setup
    (repo / "claude-lint.yaml").write_text(text + "\n")
    res = pinned(repo, org)
    assert res.exit_code in (0, 1), res.output


def _loader(org: Path, pinned: bool = True) -> PolicyLoader:
    rules = registry.builtin_rules()
    return PolicyLoader(
        rules.keys(),
        registry.all_tags(rules.values()),
        config=org,
        pinned=pinned,
        rule_options={c.id: dict(c.options) for c in registry.rule_classes()},
    )


def test_the_combined_policy_has_the_repository_tightenings_and_the_organisation_rest(setup):
    repo, org = setup
    (repo / "claude-lint.yaml").write_text("policy: {allowed-regions: [europe-west1]}\nexclude: ['vendor/**']\n")
    policy = _loader(org).for_path(repo / "app.py", repo)
    assert policy.residency == "eu" and policy.handles_phi is True  # from the organisation
    assert policy.allowed_regions == ("europe-west1",) and policy.exclude == ("vendor/**",)  # tightened
    assert policy.rules["insecure-base-url"].severity.value == "critical"
    assert [part for _, part in policy.files] == ["pinned", "repository"]


def test_repository_custom_rules_add_to_the_organisation(setup):
    repo, org = setup
    rule = "rules:\n  - id: {id}\n    message: m\n    languages: [python]\n    severity: ERROR\n    pattern: foo()\n"
    (org.parent / "org-rules.yaml").write_text(rule.format(id="org-rule"))
    org.write_text(ORG + "custom-rules: [org-rules.yaml]\n")
    (repo / "mine.yaml").write_text(rule.format(id="repo-rule"))
    (repo / "claude-lint.yaml").write_text("custom-rules: [mine.yaml]\n")
    policy = _loader(org).for_path(repo / "app.py", repo)
    assert sorted(p.name for p in policy.custom_rules) == ["mine.yaml", "org-rules.yaml"]


def test_pinned_repository_policy_is_still_confined(setup):
    repo, org = setup
    (repo / "claude-lint.yaml").write_text("extend: ../org/claude-lint.yaml\n")
    res = pinned(repo, org)
    assert res.exit_code == 2 and "outside the repository" in res.output


def test_without_a_repository_policy_the_organisation_applies(setup):
    repo, org = setup
    policy = _loader(org).for_path(repo / "app.py", repo)
    assert policy.residency == "eu" and [part for _, part in policy.files] == ["pinned"]
    res = pinned(repo, org)
    assert res.exit_code == 1, res.output  # insecure-base-url, critical by the organisation
    assert "critical" in res.output


def test_replace_mode_ignores_the_repository_policy(setup):
    repo, org = setup
    (repo / "claude-lint.yaml").write_text("policy: {residency: any}\n")
    policy = _loader(org, pinned=False).for_path(repo / "app.py", repo)
    assert policy.residency == "eu"
    res = run(repo, "check", ".", "--no-cache", "--config", str(org))
    assert res.exit_code == 1, res.output


def test_pinned_needs_config(setup):
    repo, _org = setup
    res = run(repo, "check", ".", "--no-cache", "--policy-mode", "pinned")
    assert res.exit_code == 2 and "--config" in res.output


def test_every_run_states_its_policy_files(setup):
    repo, org = setup
    (repo / "claude-lint.yaml").write_text("exclude: ['vendor/**']\n")
    res = pinned(repo, org)
    assert f"policy files: {org.as_posix()} (pinned), claude-lint.yaml (repository)" in res.output
    res = pinned(repo, org, "--format", "sarif")
    props = json.loads(res.output)["runs"][0]["invocations"][0]["properties"]
    assert props["policyFiles"] == [
        {"path": org.as_posix(), "part": "pinned"},
        {"path": "claude-lint.yaml", "part": "repository"},
    ]
    res = run(repo, "check", ".", "--no-cache")
    assert "policy files: claude-lint.yaml (repository)" in res.output
    (repo / "claude-lint.yaml").unlink()
    res = run(repo, "check", ".", "--no-cache")
    assert "policy files: none (built-in defaults)" in res.output
    res = run(repo, "config", "app.py", "--config", str(org), "--policy-mode", "pinned")
    assert res.exit_code == 0 and "# pinned organisation policy: ../org/claude-lint.yaml" in res.output


# -- the action ---------------------------------------------------------------------------

ACTION = Path(__file__).resolve().parent.parent / "action.yml"


def test_action_inputs_never_reach_a_script_by_template_expansion():
    action = yaml.safe_load(ACTION.read_text())
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["run"]


def test_action_has_a_pinned_org_policy_input_passed_through_the_environment():
    action = yaml.safe_load(ACTION.read_text())
    assert "org-policy" in action["inputs"]
    steps = [s for s in action["runs"]["steps"] if "claude-lint check" in s.get("run", "")]
    assert steps
    for step in steps:
        assert step["env"]["CL_ORG_POLICY"] == "${{ inputs.org-policy }}"
        assert "--policy-mode pinned" in step["run"] and '"$CL_ORG_POLICY"' in step["run"]


def test_action_scripts_treat_inputs_as_data(tmp_path):
    """Each check step's script, run by bash with hostile inputs and a stand-in claude-lint:
    no command substitution, no glob expansion, the org policy stays one argument."""
    action = yaml.safe_load(ACTION.read_text())
    fake = tmp_path / "bin" / "claude-lint"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    fake.chmod(0o755)
    (tmp_path / "decoy.py").write_text("")
    for step in action["runs"]["steps"]:
        if "claude-lint check" not in step.get("run", ""):
            continue
        env = {
            **os.environ,
            "PATH": f"{fake.parent}:{os.environ['PATH']}",
            "GITHUB_STEP_SUMMARY": str(tmp_path / "sum"),
            "CL_PATHS": "src $(touch pwned) `touch pwned2` *",
            "CL_ARGS": "--select security",
            "CL_SARIF": str(tmp_path / "out.sarif"),
            "CL_FAIL_ON": "high",
            "CL_ORG_POLICY": "/org dir/p.yaml",
        }
        proc = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        args = (tmp_path / "sum").read_text().splitlines() if ">>" in step["run"] else proc.stdout.splitlines()
        assert "*" in args and "$(touch" in args and "decoy.py" not in args
        assert args[args.index("--config") + 1] == "/org dir/p.yaml" and "pinned" in args
        assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
