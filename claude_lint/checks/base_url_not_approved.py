"""base-url-not-approved: a Claude base URL or gateway outside the policy's approved-base-urls."""

from __future__ import annotations

import ast
import re

from ..model import Confidence, Severity
from ..rule import Rule
from ..rulekit.urls import (
    Url,
    UrlSite,
    describe_origin,
    host_matches,
    is_loopback,
    is_placeholder_host,
    parse_url,
    url_sites,
)

#: the providers' own endpoints: what a client uses when it is given no base URL
_OFFICIAL_HOST = re.compile(
    r"""^(?:
        api\.anthropic\.com
      | bedrock-runtime(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com
      | bedrock-mantle\.[a-z0-9-]+\.api\.aws
      | aws-external-anthropic\.[a-z0-9-]+\.api\.aws
      | (?:[a-z0-9-]+-)?aiplatform\.googleapis\.com
      | aiplatform\.[a-z0-9-]+\.rep\.googleapis\.com
      | claude\.googleapis\.com
      | [a-z0-9-]+\.services\.ai\.azure\.com
    )$""",
    re.X,
)


def _approved_entry(entry: str) -> tuple[Url, str] | None:
    """An approved-base-urls entry as a URL (``https://`` assumed without a scheme) and its
    host pattern (``*.`` kept)."""
    text = entry.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    wildcard = re.match(r"^([a-z][a-z0-9+.-]*://)\*\.", text, re.I)
    url = parse_url(text.replace("*.", "wildcard.", 1) if wildcard else text)
    if url is None:
        return None
    pattern = "*." + url.host[len("wildcard.") :] if wildcard else url.host
    return url, pattern


def _path(p: str) -> str:
    return p.rstrip("/")


def approved(url: Url, entries) -> bool:
    """Scheme, host (exact or ``*.suffix``), port (default ports filled in) and path prefix
    (on a segment boundary, trailing slashes ignored) of one entry match."""
    for entry in entries:
        parsed = _approved_entry(str(entry))
        if parsed is None:
            continue
        a, pattern = parsed
        if a.scheme != url.scheme or (not url.port_unknown and a.effective_port != url.effective_port):
            continue
        if not host_matches(url.host, [pattern]):
            continue
        prefix, path = _path(a.path), _path(url.path)
        if not prefix or path == prefix or path.startswith(prefix + "/"):
            return True
    return False


def is_official(url: Url) -> bool:
    """One of the providers' own endpoints over https (what the client uses by default)."""
    return url.scheme == "https" and bool(_OFFICIAL_HOST.match(url.host))


class BaseUrlNotApproved(Rule):
    """
    ## What it does
    Only when the policy lists `approved-base-urls`: reports a base URL given to a Claude
    client or wrapper that is none of the approved gateways. The places are those of
    `insecure-base-url` — constructor and `with_options()`/`copy()` keywords of every
    client and wrapper spelling (`base_url`, `anthropic_api_url`, `api_base`,
    `endpoint_url`, `api_endpoint`, strands' `client_args`), `litellm.api_base`, and the
    base-URL environment variables (`ANTHROPIC_BASE_URL` and the per-platform
    `*_BASE_URL`, `ANTHROPIC_API_URL`, `ANTHROPIC_API_BASE`) written in code, set in an
    environment mapping or used as an `os.getenv` default — `https://` and `http://` alike.

    Matching: each entry and each URL are compared by scheme, host (lower-cased), port (the
    default 443/80 filled in) and path prefix on a segment boundary, trailing slashes
    ignored. `https://llm-gateway.acme.internal/anthropic` approves
    `https://llm-gateway.acme.internal/anthropic/v1` but neither
    `https://llm-gateway.acme.internal/anthropic-old` nor
    `http://llm-gateway.acme.internal/anthropic`. An entry without a scheme means
    `https://`; a host `*.acme.internal` approves every subdomain. Query strings and
    credentials in the URL are not compared.

    Not reported: clients given no base URL (the default endpoint), the providers' own
    endpoints written out (`https://api.anthropic.com`, `bedrock-runtime.<region>.amazonaws.com`,
    `bedrock-mantle.<region>.api.aws`, `aws-external-anthropic.<region>.api.aws`,
    `*aiplatform.googleapis.com`, `claude.googleapis.com`, `<resource>.services.ai.azure.com`
    — the same endpoints the client would use without one), values only known at run time
    (the environment without a default), placeholders (`<host>`, `{host}`, `example.com`,
    `.test`), and loopback URLs (`localhost`, `127.0.0.0/8`, `::1`, `0.0.0.0`: mock servers
    in tests and local development proxies) unless the `allow-loopback` option is `false`.
    Like every rule tagged `traffic`, it does not report in a file under the policy's `test-
    paths` that looks like a test (test functions or classes, mocks, recorded cassettes: see
    README, Test files); the summary counts those findings, and `tests: report` or
    `--include-tests` shows them one severity step lower.

    ## Why is this bad?
    Organisations route Claude traffic through an approved gateway to enforce what their
    contracts and policies promise: data-loss prevention, logging and retention controls, a
    ZDR- or BAA-covered account, key custody, cost limits. A base URL that points anywhere
    else — a reseller, a third-party proxy, a personal test relay — sends prompts and keys
    to a party nobody reviewed and silently bypasses those controls.

    ## Example
    ```yaml
    # claude-lint.yaml
    policy:
      approved-base-urls: ["https://llm-gateway.acme.internal"]
    ```
    ```python
    from langchain_anthropic import ChatAnthropic

    llm = ChatAnthropic(model="claude-sonnet-4-5", base_url="https://api.cheap-claude-proxy.net")
    ```

    ## Use instead
    ```python
    from langchain_anthropic import ChatAnthropic

    llm = ChatAnthropic(model="claude-sonnet-4-5", base_url="https://llm-gateway.acme.internal")
    ```

    ## References
    - https://docs.anthropic.com/en/api/client-sdks
    - https://docs.anthropic.com/en/docs/claude-code/llm-gateway
    """

    id = "base-url-not-approved"
    summary = "Claude base URL outside the approved gateways"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    tags = ("security", "compliance", "transport", "gateway", "traffic")
    policy = "approved-base-urls"
    options = {"allow-loopback": (bool, True)}
    fix_hint = (
        "Point the client at one of the policy's approved-base-urls, or drop the base URL to use the default endpoint."
    )

    def _judge(self, ctx, site: UrlSite) -> None:
        entries = tuple(getattr(ctx.policy, "approved_base_urls", ()) or ())
        url = parse_url(site.origin.value or "")
        if url is None or url.scheme not in ("http", "https") or is_placeholder_host(url.host):
            return
        if is_official(url) or approved(url, entries):
            return
        if is_loopback(url.host) and ctx.options().get("allow-loopback", True):
            return
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        ctx.report(
            site.node,
            f"{site.subject} is {describe_origin(site.origin, ctx)}, which is not one of the policy's "
            f"approved-base-urls ({shown}): Claude traffic through it bypasses the approved gateway",
            secrets=[url.password] if url.password else [],
        )

    def _visit(self, node: ast.AST, ctx) -> None:
        if not getattr(ctx.policy, "approved_base_urls", ()):
            return
        for site in url_sites(node, ctx):
            self._judge(ctx, site)

    def visit_Call(self, node: ast.Call, ctx) -> None:
        self._visit(node, ctx)

    def visit_Assign(self, node: ast.Assign, ctx) -> None:
        self._visit(node, ctx)

    def visit_Dict(self, node: ast.Dict, ctx) -> None:
        self._visit(node, ctx)

    def visit_BoolOp(self, node: ast.BoolOp, ctx) -> None:
        self._visit(node, ctx)
