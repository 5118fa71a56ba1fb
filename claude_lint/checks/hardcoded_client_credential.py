"""hardcoded-client-credential: a literal credential handed to a Claude client or wrapper."""

from __future__ import annotations

import ast
import re

from .. import keys
from ..analysis import call_arg, env_var_name
from ..model import Confidence, Severity
from ..rule import Rule
from ..surface import KEY_ENV_VARS, WRAPPERS, client_class, is_claude_model

_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]+$")  # "ANTHROPIC_API_KEY", not "AKIA7F3A..."
_HEADER_KEYS = {"x-api-key", "api-key"}
#: module attributes of old SDKs and wrappers that hold the key process-wide
_MODULE_KEYS = {"anthropic.api_key", "litellm.anthropic_key"}


class HardcodedClientCredential(Rule):
    """
    ## What it does
    Finds a string literal that matches no known key format but is used as a credential
    of a Claude client or wrapper library:

    - credential arguments of every `anthropic` client (`api_key=`, `auth_token=`,
      `aws_secret_key=`, `aws_access_key=`, `aws_session_token=`, `access_token=`, and
      `AnthropicBedrock`'s first two positional arguments) and of the wrappers
      (`anthropic_api_key=` of langchain, `bedrock_api_key=`, `aws_secret_access_key=`,
      litellm, llama-index, pydantic-ai, instructor, dspy, agno, autogen, strands) — for
      the generic wrappers (litellm, dspy, instructor, `ChatBedrock`) only when their model
      is a Claude model;
    - a literal written to `os.environ["ANTHROPIC_API_KEY"]` (or `setdefault`, `update`,
      `putenv`) or another Claude key variable, or used as the default of
      `os.getenv`/`os.environ.get` for one;
    - a literal `x-api-key` header in a file that talks to Claude;
    - module-level constants are followed: `KEY = "…"; Anthropic(api_key=KEY)`.

    Keys in Anthropic's own formats belong to `hardcoded-api-key` and
    `consumer-credential` (one finding per place). Placeholders (`test-key`, `dummy`,
    `your-key-here`, `<KEY>`, `${ANTHROPIC_API_KEY}`, `xxxx`, values shorter than 12
    characters) are never reported; under the policy's `test-paths` (with `tests: default`)
    every literal is a placeholder, since none has a real key format (`hardcoded-api-key`
    reports real key formats there, one severity step lower).

    ## Why is this bad?
    A credential in source code is shared with everyone who can read the repository and
    cannot be rotated without a code change. Non-standard literals (a proxy token, a
    Bedrock secret access key, a key truncated by an editor) escape format-based secret
    scanners, so this rule looks at where the value is used instead of what it looks like.

    ## Example
    ```python
    from anthropic import AnthropicBedrock

    client = AnthropicBedrock("<40 characters>", "bedrock-ci-user-7f3a9c21", "eu-west-1")
    ```

    ## Use instead
    ```python
    from anthropic import AnthropicBedrock

    client = AnthropicBedrock(aws_region="eu-west-1")  # credentials from the AWS chain
    ```

    ## References
    - https://docs.anthropic.com/en/api/client-sdks
    - https://cwe.mitre.org/data/definitions/798.html
    - CWE-798: Use of Hard-coded Credentials
    """

    id = "hardcoded-client-credential"
    summary = "credential literal passed to a Claude client"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    tags = ("security", "secrets", "credentials")
    cwe = (798,)
    fix_hint = "Pass nothing and let the client read its environment variable, or read it with os.environ[...]."

    # -- helpers ---------------------------------------------------------------------------
    def _check(self, ctx, value: ast.AST | None, what: str, anchor: ast.AST | None = None) -> None:
        lit = ctx.resolver.literal_node(value)
        if lit is None:
            return
        secret = lit.value
        if not secret or _ENV_NAME.match(secret) or keys.is_placeholder(secret):
            return
        if keys.classify(secret) or keys.find_keys(secret):
            return  # a known format: hardcoded-api-key / consumer-credential report it
        where = anchor if anchor is not None else value
        via = ""
        if isinstance(value, ast.Name):
            via = f" (the value of {value.id}, defined on line {ctx.source.file_line(lit.lineno)})"
        ctx.report(
            where,
            f"{what} is the literal {keys.redact(secret)}{via}",
            secrets=[secret],
        )

    # -- calls -----------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call, ctx) -> None:
        q = ctx.qualname(node.func)
        if q is None:
            return
        cc = client_class(q)
        if cc is not None:
            for arg in cc.credential_args:
                v = call_arg(node, arg)
                if v is not None:
                    self._check(ctx, v, f"{cc.name}({arg}=...)")
            for position, arg in enumerate(cc.positional):
                if arg in cc.credential_args:
                    v = call_arg(node, None, position)
                    if v is not None:
                        self._check(ctx, v, f"{cc.name}(...) positional {arg}")
            return
        wrapper = WRAPPERS.get(q)
        if wrapper is not None:
            if wrapper.needs_claude_model and not self._claude_model(ctx, node, wrapper.model_args):
                return
            short = q.rsplit(".", 1)[-1]
            for arg in wrapper.credential_args:
                v = call_arg(node, arg)
                if v is not None:
                    self._check(ctx, v, f"{short}({arg}=...)")
            client_args = call_arg(node, "client_args")
            if isinstance(client_args, ast.Dict):
                for k, v in zip(client_args.keys, client_args.values):
                    if ctx.string_value(k) in ("api_key", "auth_token"):
                        self._check(ctx, v, f"{short}(client_args={{'{ctx.string_value(k)}': ...}})")
            return
        env = env_var_name(node, ctx.resolver)
        if env is not None:
            name, default = env
            if name in KEY_ENV_VARS and default is not None:
                verb = "setdefault" if q.endswith("setdefault") else "default"
                self._check(ctx, default, f"the {verb} value of {name}")
            return
        if q == "os.putenv":
            name = ctx.string_value(call_arg(node, None, 0))
            if name in KEY_ENV_VARS:
                self._check(ctx, call_arg(node, None, 1), f"os.putenv({name!r}, ...)")
        elif q == "os.environ.update":
            arg = call_arg(node, None, 0)
            if isinstance(arg, ast.Dict):
                for k, v in zip(arg.keys, arg.values):
                    if ctx.string_value(k) in KEY_ENV_VARS:
                        self._check(ctx, v, f"os.environ[{ctx.string_value(k)!r}]")
            for kw in node.keywords:
                if kw.arg in KEY_ENV_VARS:
                    self._check(ctx, kw.value, f"os.environ[{kw.arg!r}]")

    @staticmethod
    def _claude_model(ctx, node: ast.Call, model_args) -> bool:
        for spec in model_args:
            v = call_arg(node, spec if isinstance(spec, str) else None, spec if isinstance(spec, int) else None)
            value = ctx.string_value(v)
            if value is not None:
                return is_claude_model(value)
        return False

    # -- assignments -----------------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign, ctx) -> None:
        for target in node.targets:
            if isinstance(target, ast.Subscript) and ctx.qualname(target.value) == "os.environ":
                name = ctx.string_value(target.slice)
                if name in KEY_ENV_VARS:
                    self._check(ctx, node.value, f"os.environ[{name!r}]")
            elif isinstance(target, ast.Attribute) and ctx.qualname(target) in _MODULE_KEYS:
                self._check(ctx, node.value, ctx.qualname(target))

    # -- headers ---------------------------------------------------------------------------
    def visit_Dict(self, node: ast.Dict, ctx) -> None:
        for k, v in zip(node.keys, node.values):
            key = ctx.string_value(k) if k is not None else None
            if key is not None and key.lower() in _HEADER_KEYS:
                self._check(ctx, v, f"the {key} header")
