"""hardcoded-api-key: an Anthropic or Bedrock API credential written into a file."""

from __future__ import annotations

import re

from ..keys import ENCODED_NEEDLES, redact
from ..model import Confidence, Fix, Severity
from ..rule import Rule

#: files whose content is an example, a template or documentation: a real key there is
#: still a leak, but the odds that it is a sample are higher
_EXAMPLE_FILE = re.compile(
    r"(?i)(\.(example|sample|template|tmpl|dist|tpl)$|[._-](example|sample|template)[._-]|^(readme|changelog))"
)
_DATA_FILE = re.compile(r"(?i)\.(log|jsonl|ndjson|csv|tsv|har|txt|md|rst|out|dump|sql)$")

#: the environment variable the SDKs read for each key format (claude-surface §1.3, §4); an
#: Admin key has none (the SDK reads no admin variable, Anthropic's docs use two names), so
#: it is not fixed
FIX_ENV = {
    "api03": "ANTHROPIC_API_KEY",
    "absk": "AWS_BEARER_TOKEN_BEDROCK",
    "bedrock-short": "AWS_BEARER_TOKEN_BEDROCK",
}
#: how the key is written, when the file does not show it as it is (keys.KeyMatch.via)
_VIA = {
    "base64": " (base64-encoded in a Kubernetes Secret)",
    "split": " (written in pieces: adjacent string literals or escapes)",
}
#: callees that read or write the environment: a key given to them is not replaced by a read
_ENV_CALL = re.compile(r"environ|getenv|putenv|setenv")


class HardcodedApiKey(Rule):
    """
    ## What it does
    Finds Anthropic API keys (`sk-ant-api03-…`), Anthropic Admin API keys
    (`sk-ant-admin01-…`) and Amazon Bedrock API keys (`ABSK…`, and the short-lived
    `bedrock-api-key-…` form) written into any text file of the repository: Python
    sources, notebooks, `.env` files, YAML, JSON, TOML, INI, XML, logs, Dockerfiles,
    shell scripts and Terraform. A key is found after any character that is not a letter
    or digit (`claude-sk-ant-…`, `MY_sk-ant-…`) and right after an escape (`\\n` in a JSON
    string or a notebook output), split over adjacent Python string literals (`"sk-ant-…"
    "…AA"`) or written with escapes in one, and base64-encoded in a Kubernetes `Secret`.

    Only the exact key formats count (the 93-character body ending in `AA` that
    Anthropic issues, the length of Bedrock keys), so truncated keys and look-alikes stay
    silent. Placeholders such as `sk-ant-api03-...`, `your-key-here`, `xxxx…` or
    all-same characters never fire; a random key that holds `0000` or `xxxx` by chance
    does. Keys in example and template files
    (`.env.example`, `*.sample`) are reported at low confidence, keys in logs, data dumps
    and documentation at medium confidence. Test files and the own code of a Claude client
    library are no exception: a real key in a test is a leaked key (findings in the
    policy's `test-paths` are one severity step lower).

    Each literal holding a key is one finding, where the key is written: a constant
    `KEY = "…"` is reported at its definition only (its uses hold no key).

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

    **Autofix** (`claude-lint check --fix`): in Python files, a string literal that is
    exactly an Anthropic API key becomes `os.environ["ANTHROPIC_API_KEY"]` (a Bedrock key
    `os.environ["AWS_BEARER_TOKEN_BEDROCK"]`), adding `import os` when the file has no
    `import os` or `from os import environ` before it — where the literal is a keyword
    argument (`Anthropic(api_key="…")`), the value of an assignment to a name, attribute or
    item (`API_KEY = "…"`, `self.key = "…"`), or a dict value (`{"x-api-key": "…"}`). Left
    for you: Admin keys (no variable the SDK reads), keys written to or used as defaults of
    the environment (`os.environ["ANTHROPIC_API_KEY"] = "…"`, `os.getenv(..., "…")`), keys in
    lists, comparisons, parameter defaults, f-strings, bytes, comments, notebooks and
    non-Python files. The fix makes the code read the environment; it does not revoke the
    key: rotate it anyway. `os.environ[...]` fails loudly (KeyError) where the variable is
    not set.

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
    text_prefilter = (b"sk-ant-", b"ABSK", b"bedrock-api-key-", b"YmVkcm9jay5hbWF6b25hd3MuY29t", *ENCODED_NEEDLES)

    def scan_text(self, ctx) -> None:
        name = ctx.path.rsplit("/", 1)[-1]
        if _EXAMPLE_FILE.search(name):
            confidence = Confidence.LOW
        elif _DATA_FILE.search(name):
            confidence = Confidence.MEDIUM
        else:
            confidence = Confidence.HIGH
        python = ctx.is_python and not ctx.path.endswith(".ipynb")
        for key in ctx.keys:
            if key.rule_id != self.id:
                continue
            env = FIX_ENV.get(key.format.name) if python and not key.via else None
            ctx.report(
                key.start,
                key.end,
                f"{key.format.label} {redact(key.token)} is hard-coded in this file{_VIA.get(key.via, '')}",
                secrets=[key.token],
                confidence=confidence,
                fix=Fix(f"read it from {env}", {"env": env}) if env else None,
            )

    def fix(self, finding, site):
        """The string literal that is exactly the key, in a value position, becomes a read
        of the environment (see the rule's Autofix note)."""
        import libcst as cst  # local: libcst (and rulekit.edits) cost start-up time a plain check never pays

        from ..rulekit.edits import Edit, quote_of

        env = finding.fix.data.get("env") if finding.fix else None
        lit = site.innermost(cst.SimpleString)
        if not env or lit is None or "b" in lit.prefix.lower() or lit.raw_value != site.anchor_text:
            return None
        parent = site.parent(lit)
        if isinstance(parent, cst.Arg):
            call = site.parent(parent)
            if (
                parent.keyword is None
                or parent.star
                or not isinstance(call, cst.Call)
                or _ENV_CALL.search(site.code(call.func))
            ):
                return None
        elif isinstance(parent, cst.Assign):
            if parent.value is not lit or not all(_plain_target(site, t.target) for t in parent.targets):
                return None
        elif isinstance(parent, cst.AnnAssign):
            if parent.value is not lit or not _plain_target(site, parent.target):
                return None
        elif isinstance(parent, cst.DictElement):
            if parent.value is not lit or any(
                isinstance(a, cst.Call) and _ENV_CALL.search(site.code(a.func)) for a in site.ancestors(parent)
            ):
                return None
        else:
            return None
        read = site.env_read(env, lit, quote_of(lit))
        if read is None:
            return None
        expr, requires = read
        return [Edit(lit, lambda node: expr.with_changes(lpar=node.lpar, rpar=node.rpar), requires)]


def _plain_target(site, target) -> bool:
    """A name, an attribute, or an item of something that is not the environment."""
    import libcst as cst  # local: libcst (and rulekit.edits) cost start-up time a plain check never pays

    if isinstance(target, (cst.Name, cst.Attribute)):
        return True
    return isinstance(target, cst.Subscript) and not _ENV_CALL.search(site.code(target.value))
