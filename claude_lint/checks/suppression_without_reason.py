"""suppression-without-reason: a suppression comment that does not say why."""

from __future__ import annotations

from ..model import Confidence, Severity
from ..rule import Rule


class SuppressionWithoutReason(Rule):
    """
    ## What it does
    Reports a `# claude-lint: ignore[rule-id]` comment with no reason after the bracket.
    The suppression still applies; this finding asks for the reason.

    ## Why is this bad?
    A suppression is a decision that a security or compliance reviewer has to be able to
    audit (`claude-lint suppressions` lists them). Without a reason nobody can tell an
    accepted risk from a shortcut, or know when it stops being true.

    ## Example
    ```python
    client = Anthropic(base_url="http://gateway.internal")  # claude-lint: ignore[insecure-base-url]
    ```

    ## Use instead
    ```python
    client = Anthropic(base_url="http://gateway.internal")  # claude-lint: ignore[insecure-base-url] mTLS sidecar terminates TLS
    ```

    ## References
    - https://docs.zizmor.sh/usage/#ignoring-results
    """

    id = "suppression-without-reason"
    summary = "suppression comment gives no reason"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    tags = ("suppression",)
    engines = ("core",)
    fix_hint = "Write the reason after the bracket: # claude-lint: ignore[rule-id] why this is acceptable"
