"""insecure-base-url: a plain-HTTP base URL, or TLS verification turned off, for a Claude client.

Where base URLs are given, and how URLs are parsed, is :mod:`claude_lint.rulekit.urls`
(shared with ``base-url-not-approved``).
"""

from __future__ import annotations

import ast

from ..model import Confidence, Severity
from ..rule import Rule
from ..rulekit.config_values import config_value
from ..rulekit.urls import (
    UrlSite,
    callee_text,
    describe_origin,
    host_matches,
    http_client_args,
    https_fix,
    is_http_client,
    is_loopback,
    is_placeholder_host,
    parse_url,
    url_sites,
    verification_off,
)
from ..surface import BASE_URL_ENV_VARS


class InsecureBaseUrl(Rule):
    """
    ## What it does
    Finds Claude traffic that would leave the machine without TLS:

    - a plain `http://` base URL to a host that is not loopback, given to any Claude client
      (`base_url=` of `Anthropic`, `AnthropicBedrock`, `AnthropicVertex`, `AnthropicFoundry` …,
      and of their `with_options()`/`copy()`) or wrapper (`base_url`, `anthropic_api_url`,
      `api_base`, `endpoint_url`, `api_endpoint` of langchain, litellm, llama-index,
      pydantic-ai, dspy, instructor, autogen; strands' `client_args={"base_url": ...}`;
      `litellm.api_base = ...`);
    - the same value written to an environment variable the SDK or a wrapper reads as its
      base URL — `ANTHROPIC_BASE_URL`, `ANTHROPIC_BEDROCK_BASE_URL`,
      `ANTHROPIC_BEDROCK_MANTLE_BASE_URL`, `ANTHROPIC_VERTEX_BASE_URL`,
      `ANTHROPIC_FOUNDRY_BASE_URL`, `ANTHROPIC_AWS_BASE_URL`,
      `ANTHROPIC_GOOGLE_CLOUD_BASE_URL`, `ANTHROPIC_API_URL`, `ANTHROPIC_API_BASE` — through
      `os.environ[...] = ...`, `setdefault`, `update`, `putenv`, `monkeypatch.setenv`, an
      environment mapping such as `ClaudeAgentOptions(env={...})`, or used as the default of
      `os.getenv(...)` (also `os.getenv(...) or "..."`);
    - an HTTP client with certificate verification turned off handed to a Claude client or
      wrapper: `http_client=httpx.Client(verify=False)`,
      `anthropic.DefaultHttpxClient(verify=False)`, `verify=ssl._create_unverified_context()`
      or an SSL context set to `ssl.CERT_NONE`, a transport with `verify=False`, an aiohttp
      `TCPConnector(ssl=False)` — also through a variable or a `with` block holding it.

    Values are followed through module constants, local variables, class constants and
    f-strings or concatenations of constants. A value only known at run time (read from the
    environment without a default, a parameter) is not judged.

    The same variables are checked in configuration files of a repository that uses Claude
    (a Python file or notebook that mentions it, or a dependency file naming `anthropic` or
    a wrapper), when semgrep is installed: `.env` files (`.env`, `.env.*`, `*.env`, `export`
    lines), Docker Compose, Kubernetes and Helm YAML (`environment:` maps and `- NAME=value`
    lists, `env:` lists of `name`/`value` pairs, ConfigMap data), GitHub workflow `env:`
    blocks and `run:` lines, Dockerfiles (`ENV`, `ARG` defaults) and Terraform (`.tf`,
    `.tfvars`, `.hcl`: environment maps of Lambda or container definitions, `env {}` blocks,
    ECS `{ name = ..., value = ... }` lists). A compose default `${VAR:-http://...}` is
    judged; references resolved at deploy time (`${{ secrets.X }}`, `{{ .Values.url }}`,
    `var.url`) and commented-out lines are not. Other services' variables
    (`OPENAI_BASE_URL`, `MY_ANTHROPIC_BASE_URL`) are not Claude's and are ignored.

    Loopback is accepted: `localhost`, `*.localhost`, `127.0.0.0/8`, `::1` and the
    unspecified addresses `0.0.0.0`/`::` (a connection to them never leaves the machine), so
    mock servers in tests and local proxies stay quiet. Placeholders (`http://<host>`,
    `http://{host}:8080`, `your-proxy`, the reserved `example.com`, `.example`, `.test`,
    `.invalid` names) are ignored. `host.docker.internal` and cluster-internal service names
    are real networks and are reported; list hosts whose plain HTTP is acceptable (an mTLS
    sidecar) in the `trusted-hosts` option (exact names or `*.suffix`), or suppress the line
    with a reason. `http://` URLs of anything that is not a Claude client, an HTTP proxy
    (`proxy="http://…"`, TLS still runs end to end through it) and URLs in docstrings or
    comments are not base URLs and are ignored.
    Like every rule tagged `traffic`, it does not report in a file under the policy's `test-
    paths` that looks like a test (test functions or classes, mocks, recorded cassettes: see
    README, Test files); the summary counts those findings, and `tests: report` or
    `--include-tests` shows them one severity step lower.

    ## Why is this bad?
    Over plain HTTP, every prompt, every response and the API key (or the gateway token)
    cross the network in clear text: anyone on the path — a shared VPC, a compromised
    pod, a coffee-shop network — can read and alter them. Turning certificate verification
    off has the same effect against an active attacker, who can present any certificate.
    Data protection commitments (HIPAA transmission security, SOC 2, GDPR Art. 32) require
    encryption in transit.

    ## Example
    ```python
    import anthropic
    import httpx

    client = anthropic.Anthropic(base_url="http://llm-proxy.internal:8080")
    other = anthropic.Anthropic(http_client=httpx.Client(verify=False))
    ```
    ```yaml
    # docker-compose.yml
    services:
      bot:
        environment:
          ANTHROPIC_BASE_URL: http://llm-proxy.internal:8080
    ```

    ## Use instead
    ```python
    import anthropic

    client = anthropic.Anthropic(base_url="https://llm-proxy.internal")
    other = anthropic.Anthropic(http_client=anthropic.DefaultHttpxClient(verify="/etc/ssl/corp-ca.pem"))
    ```
    ```yaml
    services:
      bot:
        environment:
          ANTHROPIC_BASE_URL: https://llm-proxy.internal
    ```

    **Autofix** (`claude-lint check --fix`): where the whole plain-HTTP URL is one string
    literal of the Python file — given directly, or through a constant, a variable, an
    environment write or a `getenv` default — `http://` becomes `https://` in that literal.
    URLs built from parts (f-strings, concatenations), values in notebooks or configuration
    files, and TLS verification turned off are left for you. Check that the host serves TLS
    on that port: a plain-HTTP proxy on `:8080` usually needs its TLS port too.

    ## References
    - https://docs.anthropic.com/en/api/client-sdks
    - https://www.python-httpx.org/advanced/ssl/
    - https://cwe.mitre.org/data/definitions/319.html
    - CWE-319: Cleartext Transmission of Sensitive Information
    - CWE-295: Improper Certificate Validation
    """

    id = "insecure-base-url"
    summary = "Claude traffic without TLS"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("security", "transport", "tls", "traffic")
    cwe = (319, 295)
    options = {"trusted-hosts": (list, [])}
    fix_hint = "Use an https:// base URL (or a loopback address for a local proxy) and keep TLS verification on; pass a CA bundle with verify=... instead of verify=False."

    # -- base URLs --------------------------------------------------------------------------
    def _judge(self, ctx, site: UrlSite) -> None:
        url = parse_url(site.origin.value or "")
        if url is None or url.scheme != "http":
            return
        if is_loopback(url.host) or is_placeholder_host(url.host):
            return
        if host_matches(url.host, ctx.options().get("trusted-hosts", ())):
            return
        secrets = [url.password] if url.password else []
        ctx.report(
            site.node,
            f"{site.subject} is {describe_origin(site.origin, ctx)}, a plain-HTTP URL to the non-loopback host "
            f"{url.host}: prompts, responses and credentials would cross the network unencrypted",
            secrets=secrets,
            fix=https_fix(ctx, site.origin),
        )

    def fix(self, finding, site):
        """``http://`` becomes ``https://`` in the string literal the URL comes from."""
        import libcst as cst  # local: libcst (and rulekit.edits) cost start-up time a plain check never pays

        lit = site.exact((cst.SimpleString, cst.ConcatenatedString))
        while isinstance(lit, cst.ConcatenatedString):  # implicit concatenation: the scheme is in the first part
            lit = lit.left
        if not isinstance(lit, cst.SimpleString) or "b" in lit.prefix.lower():
            return None
        head = len(lit.prefix) + len(lit.quote)
        if lit.value[head : head + 7].lower() != "http://":
            return None
        from ..rulekit.edits import Edit

        return [
            Edit(lit, lambda node: node.with_changes(value=node.value[:head] + "https://" + node.value[head + 7 :]))
        ]

    def visit_Call(self, node: ast.Call, ctx) -> None:
        for site in url_sites(node, ctx):
            self._judge(ctx, site)
        for value, subject in http_client_args(node, ctx):
            http = ctx.facts.producer(value, lambda c: is_http_client(ctx, c))
            if http is None:
                continue
            why = verification_off(ctx, http)
            if why is None:
                continue
            made = callee_text(http.func)
            where = "" if http is value else f" (line {ctx.source.file_line(http.lineno)})"
            ctx.report(
                value,
                f"{subject} is {made}(...) with {why}{where}, so TLS certificates are not checked: "
                "anyone on the network path can read and change the Claude traffic, credentials included",
            )

    def visit_Assign(self, node: ast.Assign, ctx) -> None:
        for site in url_sites(node, ctx):
            self._judge(ctx, site)

    def visit_Dict(self, node: ast.Dict, ctx) -> None:
        for site in url_sites(node, ctx):
            self._judge(ctx, site)

    def visit_BoolOp(self, node: ast.BoolOp, ctx) -> None:
        for site in url_sites(node, ctx):
            self._judge(ctx, site)

    # -- configuration files (rules/insecure-base-url.yaml) ------------------------------------
    def judge_config(self, name: str, value: str, policy) -> str | None:
        """A base-URL variable set in a configuration file: the message, or None."""

        if name not in BASE_URL_ENV_VARS:
            return None
        text = config_value(value)
        url = parse_url(text) if text else None
        if url is None or url.scheme != "http" or is_loopback(url.host) or is_placeholder_host(url.host):
            return None
        options = policy.options_for(self.id) if hasattr(policy, "options_for") else {}
        if host_matches(url.host, options.get("trusted-hosts", ())):
            return None
        return (
            f"{name} is set to {text!r} in this file, a plain-HTTP URL to the non-loopback host {url.host}: "
            "prompts, responses and credentials would cross the network unencrypted"
        )
