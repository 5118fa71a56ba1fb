"""The rule contract (claude_lint/rule.py): every hook a rule defines is declared on Rule, and
the engines call exactly the hooks a rule overrides."""

from __future__ import annotations

import ast

from claude_lint import registry
from claude_lint.model import Confidence, Severity
from claude_lint.rule import Rule

HOOKS = ("scan_text", "finish", "fix", "judge_config", "judges_config")


def test_every_hook_is_declared_on_the_base_class_with_a_docstring():
    for hook in HOOKS:
        method = getattr(Rule, hook)
        assert method.__doc__ and method.__doc__.strip(), hook


def test_rules_define_no_public_method_outside_the_contract():
    """A misspelt hook (``finsh``, ``visit_call``) would never be called: public methods of a
    rule are the declared hooks or ``visit_<ast node type>``."""
    for cls in registry.rule_classes():
        for name, value in vars(cls).items():
            if not callable(value) or name.startswith("_"):
                continue
            if name.startswith("visit_"):
                assert isinstance(getattr(ast, name[len("visit_") :], None), type), f"{cls.id}: {name}"
            else:
                assert name in HOOKS or name in vars(Rule), f"{cls.id}: {name} is not a hook of Rule"


def test_defines_tells_an_override_from_the_declaration():
    class Probe(Rule):
        """## What it does\nx"""

        id = "probe-rule"
        summary = "x"
        severity = Severity.LOW
        confidence = Confidence.LOW

        def finish(self, ctx) -> None:
            return None

    assert Probe.defines("finish") and not Probe.defines("fix") and not Probe.defines("scan_text")
    assert Probe.engines == ("python",)
