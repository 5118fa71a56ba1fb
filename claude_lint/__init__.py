"""claude-lint: a static policy-as-code linter for Python code that calls Anthropic's Claude."""

__version__ = "0.1.0"
