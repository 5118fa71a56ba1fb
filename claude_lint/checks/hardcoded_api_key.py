"""hardcoded-api-key: an Anthropic or Bedrock API credential written into a file."""

from __future__ import annotations

import re

from ..keys import redact
from ..model import Confidence, Rule, Severity

#: files whose content is an example, a template or documentation: a real key there is
#: still a leak, but the odds that it is a sample are higher
_EXAMPLE_FILE = re.compile(r"(?i)(\.(example|sample|template|tmpl|dist|tpl)$|[._-](example|sample|template)[._-]|^(readme|changelog))")
_DATA_FILE = re.compile(r"(?i)\.(log|jsonl|ndjson|csv|tsv|har|txt|md|rst|out|dump|sql)$")


class HardcodedApiKey(Rule):
    """
    ## What it does
    Finds Anthropic API keys (`sk-ant-api03-…`), Anthropic Admin API keys
    (`sk-ant-admin01-…`) and Amazon Bedrock API keys (`ABSK…`, and the short-lived
    `bedrock-api-key-…` form) written into any text file of the repository: Python
    sources, notebooks, `.env` files, YAML, JSON, TOML, INI, XML, logs, Dockerfiles,
    shell scripts and Terraform.

    Only the exact key formats count (the 93-character body ending in `AA` that
    Anthropic issues, the length of Bedrock keys), so truncated keys and look-alikes stay
    silent. Placeholders such as `sk-ant-api03-...`, `your-key-here`, `xxxx…` or
    all-same characters never fire. Keys in example and template files
    (`.env.example`, `*.sample`) are reported at low confidence, keys in logs, data dumps
    and documentation at medium confidence.

    ## Why is this bad?
    A key in a repository is readable by everyone with access to it, its forks, its CI
    logs and every clone, forever: git history keeps it after the line is deleted. An
    Admin key controls the whole organisation (members, workspaces, other keys). Anyone
    holding the key can send data to Claude billed to you, and read what the key can read.
    Rotate a committed key at once; claude-lint scans the tree, not the history.

    ## Example
    ```python
    import anthropic

    client = anthropic.Anthropic(api_key="sk-ant-api03-<93 characters>AA")
    ```

    ## Use instead
    ```python
    import anthropic

    client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment
    ```

    ## References
    - https://docs.anthropic.com/en/api/getting-started
    - https://docs.github.com/en/code-security/secret-scanning
    - CWE-798: Use of Hard-coded Credentials
    """

    id = "hardcoded-api-key"
    summary = "API key is hard-coded"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    tags = ("security", "secrets", "credentials")
    cwe = (798,)
    fix_hint = "Rotate the key now, then read it from the environment (ANTHROPIC_API_KEY) or a secret store."
    text_prefilter = (b"sk-ant-", b"ABSK", b"bedrock-api-key-")

    def scan_text(self, ctx) -> None:
        name = ctx.path.rsplit("/", 1)[-1]
        if _EXAMPLE_FILE.search(name):
            confidence = Confidence.LOW
        elif _DATA_FILE.search(name):
            confidence = Confidence.MEDIUM
        else:
            confidence = Confidence.HIGH
        for key in ctx.keys:
            if key.rule_id != self.id:
                continue
            ctx.report(
                key.start,
                key.end,
                f"{key.format.label} {redact(key.token)} is hard-coded in this file",
                secrets=[key.token],
                confidence=confidence,
            )
