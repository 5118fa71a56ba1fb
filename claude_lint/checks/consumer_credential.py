"""consumer-credential: claude.ai session keys and subscription OAuth tokens in code."""

from __future__ import annotations

import ast
import re

from .. import keys
from ..analysis import env_var_name
from ..model import Confidence, Severity
from ..rule import Rule
from ..rulekit import credentials, library
from ..surface import CONSUMER_ENV_VARS

_SESSION_COOKIE = re.compile(r"(?<![A-Za-z0-9_])sessionKey=([^;\s\"'&<>\\]+)")
_OAUTH_BETA = "oauth-2025-04-20"
#: a claude.ai session key is far longer (``sk-ant-sid01-`` and 90 more): a shorter cookie
#: value belongs to another site or is a stand-in
_MIN_SESSION = 16
_CREDENTIALS_FILE = re.compile(r"(^|[/\\])\.credentials\.json$")


class ConsumerCredential(Rule):
    """
    ## What it does
    Finds consumer (claude.ai / Claude Pro and Max subscription) credentials used by
    code:

    - claude.ai session keys `sk-ant-sid01-…`, in any text file, and `sessionKey=`
      cookies, also inside whole browser cookie strings, and `{"sessionKey": …}` cookie
      dicts;
    - subscription OAuth tokens `sk-ant-oat01-…` (access) and `sk-ant-ort01-…` (refresh)
      in any text file, and the `oauth-2025-04-20` beta header that sends them to the API;
    - application code reading the Claude Code credentials file
      (`~/.claude/.credentials.json`) or the `CLAUDE_CODE_OAUTH_TOKEN`,
      `CLAUDE_SESSION_KEY`, `CLAUDE_COOKIE` variables.

    Placeholders (`sk-ant-sid01-...`, `sessionKey=<your session key>`,
    `{"sessionKey": "my-claude-session-key"}`) never fire: cookie values go through the
    placeholder test every credential rule shares (see `hardcoded-client-credential`), and
    are at least 16 characters long.

    Inside a library that implements a Claude client — the module lies in the package of
    the SDK (`src/anthropic/…`, an installed `anthropic/`, or a module of an `anthropic/`
    folder that imports relatively) or of a wrapper library (`langchain_anthropic`,
    `litellm`, `llama_index/llms/anthropic` …) — the `oauth-2025-04-20` beta constant (the
    SDK sends it for workload identity federation too), support for the token variables
    and for the credentials file are options offered to the library's users, not reported;
    a concrete token or session key there is still reported. An application's own subclass
    of the client, or a tutorial folder that happens to be called `anthropic/`, is
    application code.

    Under the policy's `test-paths` (with `tests: default`) only the key formats above are
    reported, one severity step lower: other literals, the beta header and variable reads in
    tests are not.

    ## Why is this bad?
    A claude.ai account belongs to one person under the consumer terms. Data sent through
    it is handled under consumer privacy settings, not the commercial terms, ZDR or a BAA
    your organisation signed, and the session key gives full access to that person's
    conversations. Applications must use API keys of a commercial organisation.

    ## Example
    ```python
    headers = {"Cookie": f"sessionKey={session_key}", "anthropic-beta": "oauth-2025-04-20"}
    ```

    ## Use instead
    ```python
    import anthropic

    client = anthropic.Anthropic()  # an API key of your organisation, from ANTHROPIC_API_KEY
    ```

    ## References
    - https://www.anthropic.com/legal/consumer-terms
    - https://www.anthropic.com/legal/commercial-terms
    - CWE-798: Use of Hard-coded Credentials
    """

    id = "consumer-credential"
    summary = "consumer claude.ai credential used by code"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("security", "secrets", "consumer", "credentials")
    cwe = (798,)
    text_prefilter = (b"sk-ant-", b"sessionKey=")
    fix_hint = (
        "Use an API key of your organisation (ANTHROPIC_API_KEY) with the anthropic SDK; revoke the session or token."
    )

    # -- any text file ---------------------------------------------------------------------
    def scan_text(self, ctx) -> None:
        for key in ctx.keys:
            if key.rule_id == self.id:
                ctx.report(
                    key.start, key.end, f"{key.format.label} {keys.redact(key.token)} in this file", secrets=[key.token]
                )
        if "sessionKey=" not in ctx.text:
            return
        key_spans = [(k.start, k.end) for k in ctx.keys]
        for m in _SESSION_COOKIE.finditer(ctx.text):
            value = m.group(1)
            if any(s <= m.start(1) < e for s, e in key_spans):
                continue  # the value is a session key already reported above
            if value.startswith(("{", "$", "%")) or len(value) < _MIN_SESSION or credentials.is_placeholder(ctx, value):
                continue
            ctx.report(
                m.start(),
                m.end(),
                f"claude.ai sessionKey cookie {keys.redact(value)} in this file",
                secrets=[value],
            )

    # -- Python ----------------------------------------------------------------------------
    def visit_Constant(self, node: ast.Constant, ctx) -> None:
        value = node.value
        if not isinstance(value, str) or len(value) > 300:
            return
        stmt = ctx.current_stmt
        if isinstance(stmt, ast.Expr) and stmt.value is node:
            return  # a docstring or a bare string: documentation
        if library.library_package(ctx) is not None:
            return  # the library's own header constant or credentials-file support: its users choose
        if _OAUTH_BETA in value:
            ctx.report(node, f"the {_OAUTH_BETA} beta sends a subscription OAuth token to the API")
        elif _CREDENTIALS_FILE.search(value) and (".claude" in value or ".claude" in ctx.text):
            ctx.report(node, "reads the Claude Code credentials file (a personal subscription login)")

    def visit_Dict(self, node: ast.Dict, ctx) -> None:
        for k, v in zip(node.keys, node.values):
            if k is None or ctx.string_value(k) != "sessionKey":
                continue
            lit = ctx.resolver.literal_node(v)
            if lit is not None:
                if (
                    keys.find_keys(lit.value)
                    or len(lit.value) < _MIN_SESSION
                    or credentials.is_placeholder(ctx, lit.value)
                ):
                    continue
                ctx.report(v, f"claude.ai sessionKey cookie {keys.redact(lit.value)}", secrets=[lit.value])
            else:
                ctx.report(v, "sends a claude.ai sessionKey cookie (a personal claude.ai login)")

    def visit_Call(self, node: ast.Call, ctx) -> None:
        env = env_var_name(node, ctx.resolver)
        if env and env[0] in CONSUMER_ENV_VARS and library.library_package(ctx) is None:
            ctx.report(node, f"reads {env[0]}, a personal subscription credential", confidence=Confidence.MEDIUM)

    def visit_Subscript(self, node: ast.Subscript, ctx) -> None:
        if isinstance(node.ctx, ast.Load):
            env = env_var_name(node, ctx.resolver)
            if env and env[0] in CONSUMER_ENV_VARS and library.library_package(ctx) is None:
                ctx.report(node, f"reads {env[0]}, a personal subscription credential", confidence=Confidence.MEDIUM)
