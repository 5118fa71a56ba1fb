"""eu-residency-unavailable: a first-party or Foundry Claude client under ``residency: eu``."""

from __future__ import annotations

from .. import residency as R
from ..model import ClientKind, Confidence, Severity
from ..rule import Rule
from ..rulekit.library import is_library_code


class EuResidencyUnavailable(Rule):
    """
    ## What it does
    Under `residency: eu`, reports every construction of a client that reaches Claude
    through the first-party API or Azure Foundry, once per client (at its constructor, not
    at each request):

    - `Anthropic`, `AsyncAnthropic`, `Client`, `AsyncClient`, and `AnthropicAWS`,
      `AnthropicGoogleCloud` (they speak the first-party API whatever their region or
      location), `AnthropicFoundry` (+ async forms), in any import form;
    - wrappers that use the first-party API: langchain `ChatAnthropic`/`AnthropicLLM` (also
      the legacy `langchain.chat_models.ChatAnthropic`, `langchain.llms.Anthropic`,
      `langchain_community` paths), `init_chat_model` whose provider is `anthropic` — given,
      from a `"anthropic:…"` string, inferred from a `claude…` model, or the default of
      `os.getenv("MODEL_PROVIDER", "anthropic")` (a value that reaches the call unless the
      deployment sets the variable) — legacy `dspy.Claude`,
      llama-index `Anthropic` (without `region`/`aws_region`), pydantic-ai
      `AnthropicProvider`/`AnthropicModel`/`Agent("anthropic:…")`, `litellm.completion`
      and `dspy.LM` with an `anthropic/…` or bare `claude-…` model,
      `instructor.from_provider("anthropic/…")`, agno `Claude`, autogen and strands Anthropic
      clients;
    - a raw `https://api.anthropic.com/v1/messages` URL, and a raw HTTP request
      (`requests`, `httpx`, `aiohttp`, `urllib`) to the Messages API whose URL is built at
      run time — `f"{self.config.api_base}/messages"`, `f"{API_BASE}/v1/messages"`,
      `urljoin(BASE, "v1/messages")`, `httpx.Client(base_url=...)` or an aiohttp session
      then `.post("/v1/messages")` — when something says the endpoint is Anthropic's: an
      `anthropic-version` header (on the call or its session), a Claude model in the body,
      or a base URL from `ANTHROPIC_BASE_URL` (or a name saying Anthropic/Claude). A
      `/messages` endpoint of another service (Slack, a chat app's own API), OpenAI's
      `/v1/chat/completions`, token counting and an `x-api-key` header alone are not. Every
      rule uses this one recognition (`claude_lint/analysis/raw_http.py`);
    - a model catalogue read at run time (YAML or JSON, in a repository that uses Claude):
      an entry whose `provider` (`model_provider`, `llm_provider`, `api_type`, `vendor`) is
      `anthropic` and whose model key (also in a nested `config:`) names a Claude model —
      reported at the provider line — and a litellm proxy's `litellm_params` with `model:
      anthropic/claude-…`. An entry on Bedrock or Vertex, an OpenRouter id
      (`openrouter/anthropic/…`), a `provider: anthropic` without a Claude model, CI
      workflows and cassettes are not.

    Under `residency: eu` such a client gets this one finding and no `inference_geo`
    or region finding. A client derived with `with_options()`/`copy()` is the same client
    and is not reported again. Clients whose construction is not visible in the file
    (passed in, imported) are not reported, nor the client a wrapper library builds in its
    own code (agno's `Claude` class constructing `Anthropic(**params)`, the SDK itself; see
    `rulekit/library.py`): the library's users choose it, and the wrapper they construct is
    reported in their code.

    ## Why is this bad?
    The first-party API takes `inference_geo` = `"us"` or `"global"` only: there is no EU
    value, so no code change on this client can keep inference in the EU.
    `AnthropicAWS`'s region and `AnthropicGoogleCloud`'s location choose an endpoint, not
    where inference runs; a Foundry resource's region is invisible in code. EU residency is
    visible in code only on Vertex AI (`region="eu"` or an EU `europe-*` location — not
    London `europe-west2` or Zurich `europe-west6`) and on Bedrock (an EU `aws_region` with an
    `eu.` profile or a single-region `anthropic.…` model id).

    ## Example
    ```yaml
    # claude-lint.yaml
    policy:
      residency: eu
    ```
    ```python
    import anthropic

    client = anthropic.Anthropic()
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=messages)
    ```

    ## Use instead
    ```python
    from anthropic import AnthropicVertex

    client = AnthropicVertex(region="europe-west4", project_id="my-project")
    reply = client.messages.create(model="claude-sonnet-4-5@20250929", max_tokens=512, messages=messages)
    ```

    ## References
    - https://platform.claude.com/docs/en/manage-claude/data-residency
    - https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations
    - https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html
    """

    id = "eu-residency-unavailable"
    summary = "first-party or Foundry Claude client while the policy requires EU residency"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("residency", "compliance", "privacy", "traffic")
    policy = "residency: eu"
    fix_hint = (
        "Use AnthropicVertex with an EU location or AnthropicBedrock with an EU region and an eu./anthropic. model id."
    )

    def finish(self, ctx) -> None:
        if R.active_residency(ctx.policy) != "eu":
            return
        fix = R.satisfying(ctx.policy, R.FIRST_PARTY)
        for site in R.sites(ctx):
            if site.kind != R.CLIENT or not site.first_party:
                continue
            if is_library_code(ctx, site.node):
                # a wrapper library building the client it wraps: its users choose it, and the
                # wrapper's construction in their code is what is reported (rulekit.library)
                continue
            if site.client_kind == ClientKind.FOUNDRY:
                why = (
                    "runs in an Azure Foundry resource whose region the code cannot show, and the API it speaks "
                    "has no EU inference geography"
                )
            elif site.platform in (R.AWS, R.GOOGLE_CLOUD):
                arg = "aws_region" if site.platform == R.AWS else "location"
                why = (
                    f"speaks the first-party Claude API, which has no EU inference geography (inference_geo takes "
                    f"only 'us' or 'global'), whatever its {arg}"
                )
            else:
                why = (
                    "calls the first-party Claude API, which has no EU inference geography (inference_geo takes "
                    "only 'us' or 'global')"
                )
            R.report(ctx, site, f"{site.client} {why}, so residency: eu cannot be met; {fix}")

    # -- configuration files (claude_lint/engines/config_files.py) ------------------------------
    def judges_config(self, policy) -> bool:
        return R.active_residency(policy) == "eu"

    def judge_config_fact(self, fact, policy) -> str | None:
        """A model-catalogue entry on Anthropic's first-party API (``provider: anthropic``
        beside a Claude model id, a litellm ``model: anthropic/claude-…``) under
        ``residency: eu``: the message, else None."""
        if fact.kind != "first-party" or R.active_residency(policy) != "eu":
            return None
        return (
            f"{fact.name}: {fact.value!r} in this configuration file sends Claude ({fact.model!r}) to the first-party "
            "Claude API, which has no EU inference geography (inference_geo takes only 'us' or 'global'), so "
            f"residency: eu cannot be met; {R.satisfying(policy, R.FIRST_PARTY)}"
        )
