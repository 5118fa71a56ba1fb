"""What the credential rules share: whether a file is a test file, and whether a literal in
a credential position is a placeholder there (:func:`claude_lint.keys.is_placeholder_credential`
with the file's test status)."""

from __future__ import annotations

from pathlib import Path

from .. import keys


def in_test_file(ctx) -> bool:
    """Whether the file of ``ctx`` is a test file for the placeholder test: the context's own
    notion when it has one (``ctx.in_tests``), else the policy's ``test-paths`` unless its
    ``tests`` is ``report``.  Computed once per file."""
    flag = getattr(ctx, "in_tests", None)
    if isinstance(flag, bool):
        return flag
    scratch = getattr(ctx, "scratch", None)
    if scratch is not None and "credentials.in_tests" in scratch:
        return bool(scratch["credentials.in_tests"])
    policy = getattr(ctx, "policy", None)
    matcher = getattr(policy, "is_test_path", None)
    result = bool(matcher(Path(ctx.path))) if matcher is not None else False
    # tests: report (or --include-tests): test files are judged as application code, one
    # severity step lower (testscope)
    result = result and getattr(policy, "tests", "default") != "report"
    if scratch is not None:
        scratch["credentials.in_tests"] = result
    return result


def is_placeholder(ctx, value: str) -> bool:
    """:func:`claude_lint.keys.is_placeholder_credential` for a literal of the file of ``ctx``."""
    return keys.is_placeholder_credential(value, in_tests=in_test_file(ctx))
