"""Every rule's documented Example fires the rule and its Use instead does not (the grammar
of the docs' code blocks, their policy and key placeholders: ``tests/doc_examples.py``)."""

from __future__ import annotations

import re
from dataclasses import replace

import doc_examples
import pytest

from claude_lint import registry
from claude_lint.model import Confidence, RuleMeta, Severity

METAS = registry.builtin_rules()


@pytest.fixture(scope="session")
def doc_problems(tmp_path_factory) -> dict[str, list[str]]:
    """Every rule's Example and Use-instead folders, linted in one claude-lint run."""
    return doc_examples.check(tmp_path_factory.mktemp("doc-examples"), METAS.values())


@pytest.mark.parametrize("rule_id", sorted(METAS))
def test_example_fires_and_use_instead_does_not(rule_id, doc_problems):
    assert doc_problems[rule_id] == []


@pytest.mark.parametrize("rule_id", sorted(METAS))
def test_every_section_has_a_file_to_lint(rule_id):
    example, use_instead = doc_examples.sections(METAS[rule_id])
    assert example.files, f"{rule_id}: the Example has no code block to lint"
    assert use_instead.files, f"{rule_id}: the Use instead has no code block to lint"


def _meta(docs: str, rule_id: str = "credential-logged") -> RuleMeta:
    return replace(METAS[rule_id], docs=docs)


def _docs(example: str, use_instead: str) -> str:
    return (
        "## What it does\nx\n\n## Why is this bad?\nx\n\n"
        f"## Example\n{example}\n\n## Use instead\n{use_instead}\n\n## References\n- x\n"
    )


def test_the_check_fails_when_the_sections_are_swapped(tmp_path):
    """The harness is not vacuous: the real docs with Example and Use instead exchanged
    fail on both sides."""
    meta = METAS["credential-logged"]
    swapped = _meta(_docs(meta.section("Use instead"), meta.section("Example")))
    found = doc_examples.check(tmp_path, [swapped])["credential-logged"]
    assert any("the Example's example.py does not fire the rule" in p for p in found), found
    assert any("the Use-instead block fires: credential-logged/use-instead/example.py" in p for p in found), found


def test_each_example_file_must_fire_on_its_own(tmp_path):
    """A config-file block that stopped firing is caught even when the Python block fires."""
    meta = METAS["insecure-base-url"]
    example = meta.section("Example").replace("ANTHROPIC_BASE_URL: http://", "ANTHROPIC_BASE_URL: https://")
    found = doc_examples.check(tmp_path, [_meta(_docs(example, meta.section("Use instead")), "insecure-base-url")])
    assert found["insecure-base-url"] == ["insecure-base-url: the Example's docker-compose.yml does not fire the rule"]


def test_the_declared_policy_is_the_one_the_examples_run_under(tmp_path):
    meta = METAS["eu-residency-unavailable"]
    example = meta.section("Example")
    assert "# claude-lint.yaml" in example
    without_policy = re.sub(r"```yaml\n# claude-lint.yaml\n.*?```\n", "", example, flags=re.DOTALL)
    found = doc_examples.check(tmp_path, [_meta(_docs(without_policy, meta.section("Use instead")), meta.id)])
    assert found[meta.id] == [f"{meta.id}: the Example's example.py does not fire the rule"]


def test_block_names_policy_and_defaults():
    docs = _docs(
        "```yaml\n# claude-lint.yaml\npolicy:\n  residency: eu\n```\n"
        "```python\n# claude-lint.yaml: a comment, not the policy\nimport anthropic\n```\n"
        "```python\nimport anthropic\n```\n"
        "```yaml\n# docker-compose.yml, the bot's service\nservices: {}\n```\n"
        "```dockerfile\nENV X=1\n```\n"
        "```python\n# app/settings.py\nX = 1\n```",
        "```python\nimport anthropic\n```\n```yaml\n# claude-lint.yaml\npolicy: {residency: us}\n```",
    )
    example, use_instead = doc_examples.sections(_meta(docs))
    assert sorted(example.files) == [
        "Dockerfile",
        "app/settings.py",
        "docker-compose.yml",
        "example.py",
        "example_2.py",
    ]
    assert example.policy == "# claude-lint.yaml\npolicy:\n  residency: eu\n"
    assert use_instead.policy == "# claude-lint.yaml\npolicy: {residency: us}\n"
    assert list(use_instead.files) == ["example.py"]
    # without a policy of its own, the Use instead runs under the Example's
    example, use_instead = doc_examples.sections(
        _meta(_docs(docs.split("## Example\n")[1].split("## Use")[0], "```python\nx = 1\n```"))
    )
    assert use_instead.policy == example.policy


def test_a_block_of_an_unknown_language_needs_a_file_name():
    with pytest.raises(doc_examples.DocExampleError, match="needs a first line"):
        doc_examples.sections(_meta(_docs("```text\nsk-ant-\n```", "```python\nx = 1\n```")))
    example, _ = doc_examples.sections(_meta(_docs("```text\n# run.log\nline\n```", "```python\nx = 1\n```")))
    assert list(example.files) == ["run.log"]


def test_key_placeholders_are_filled_with_fresh_keys():
    text = 'api_key="sk-ant-api03-<93 characters>AA"\nother="{{KEY:api03}}"\nsecret="<40 characters>"\n'
    filled = doc_examples.fill(text)
    assert "<" not in filled and "{{" not in filled
    tokens = re.findall(r"sk-ant-api03-[A-Za-z0-9_-]{93}AA", filled)
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    assert re.search(r'secret="[A-Za-z0-9]{40}"', filled)
    assert doc_examples.fill(text) != filled  # fresh every time


def test_docs_hold_no_key_shaped_string():
    """Keys in docs are placeholders (the tracked-file scan of test_keys covers the source
    too; this names the rule whose docs broke it)."""
    shape = re.compile(
        r"sk-ant-[a-z]+\d\d-[A-Za-z0-9_\-]{40,}|ABSK[A-Za-z0-9+/]{60,}|bedrock-api-key-[A-Za-z0-9+/=]{40,}"
    )
    assert [rid for rid, meta in METAS.items() if shape.search(meta.docs)] == []


def test_the_command_line_reports_failures(tmp_path, monkeypatch, capsys):
    assert doc_examples.main(["no-such-rule"]) == 2
    assert "unknown rule ids: no-such-rule" in capsys.readouterr().err
    assert doc_examples.main(["credential-logged"]) == 0
    assert "credential-logged: ok" in capsys.readouterr().out
    monkeypatch.setitem(
        registry.builtin_rules(),
        "credential-logged",
        RuleMeta(
            "credential-logged",
            "s",
            _docs("```python\nx = 1\n```", "```python\nx = 2\n```"),
            Severity.LOW,
            Confidence.LOW,
        ),
    )
    assert doc_examples.main(["credential-logged"]) == 1
    assert "the Example's example.py does not fire the rule" in capsys.readouterr().out


def test_a_run_that_skipped_semgrep_fails_the_sections_with_configuration_files(tmp_path, monkeypatch):
    """Without semgrep the configuration-file blocks are not checked: that is a failure of
    those rules' docs, not a pass (and not a skip)."""
    from claude_lint.engines import semgrep as sg

    monkeypatch.setattr(sg, "semgrep_command", lambda: None)
    found = doc_examples.check(tmp_path, [METAS["prompt-logged"], METAS["credential-logged"]])
    assert found["credential-logged"] == []
    assert any("engine-skipped: semgrep is not installed" in p for p in found["prompt-logged"]), found
