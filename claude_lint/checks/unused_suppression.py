"""unused-suppression: a suppression comment that suppresses nothing."""

from __future__ import annotations

from ..model import Confidence, Severity
from ..rule import Rule


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a `# claude-lint: ignore[rule-id] reason` comment that did not suppress any
    finding of the named rule on its statement, one that names a rule id claude-lint does
    not know, and one that names no rule at all. Rules that did not run on the file
    (disabled, not selected, excluded) are not reported.

    A suppression applies where a finding is *reported* (its primary location), not at
    its related locations (one finding per cause: see the README's table). A comment on
    a line that is only a related location of a finding — e.g. at a use of a constant
    whose credential is now reported at the constant's definition — is reported with the
    line to move it to.

    ## Why is this bad?
    A suppression outlives the code it was written for. Once the finding is gone, the
    comment still silences the rule for whatever that statement becomes: a real key
    pasted there later would go unreported. A misspelt rule id suppresses nothing while
    looking as if it did.

    ## Example
    ```python
    client = Anthropic()  # claude-lint: ignore[hardcoded-api-key] test key
    ```

    ## Use instead
    ```python
    client = Anthropic()
    ```

    ## References
    - https://docs.astral.sh/ruff/rules/unused-noqa/
    """

    id = "unused-suppression"
    summary = "suppression comment suppresses nothing"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    tags = ("suppression",)
    engines = ("core",)
    fix_hint = "Remove the comment, or correct the rule id it names."
