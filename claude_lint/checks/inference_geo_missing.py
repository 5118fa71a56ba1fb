"""inference-geo-missing: a first-party Claude request without ``inference_geo`` under ``residency: us``."""

from __future__ import annotations

from .. import residency as R
from ..model import ClientKind, Confidence, Rule, Severity


class InferenceGeoMissing(Rule):
    """
    ## What it does
    Under `residency: us`, reports first-party Claude requests that do not set
    `inference_geo`:

    - `messages.create`, `messages.stream`, `messages.parse` (which takes it only through
      `extra_body`), the beta forms (`create`, `stream`, `parse`, `tool_runner`, `thread`),
      also through `.with_raw_response`/`.with_streaming_response`, on `Anthropic`,
      `AsyncAnthropic`, `AnthropicAWS` and `AnthropicGoogleCloud` clients, however the
      client reaches the call (variable, `self.client`, factory function, annotated
      parameter, `with_options()`);
    - each request's `params` in `messages.batches.create(requests=[...])`;
    - Managed Agents' `beta.agents.create/update(model=...)` without
      `model={"id": ..., "inference_geo": "us"}`;
    - wrappers: langchain `ChatAnthropic(...)` (field `inference_geo` or `model_kwargs`),
      llama-index `Anthropic(...)` (`additional_kwargs`), `litellm.completion` with an
      Anthropic model (pass-through keyword or `extra_body`), pydantic-ai
      `Agent("anthropic:…")` (`model_settings={"extra_body": ...}`).

    `inference_geo` is found as a keyword, inside `extra_body={...}`, or inside a
    `**params` dict that can be resolved in the file. When the arguments cannot be known (an
    unresolved `**kwargs`, a dict built elsewhere) nothing is reported. Methods that cannot
    take it (`count_tokens`, file uploads) are never reported.

    Decision on mocked SDK tests: any value counts as present, so a test that passes
    `inference_geo="inference_geo"` to a mock is not reported here, and, since the value is
    not a geography the API defines, not by `inference-geo-outside-policy` either.

    Under `residency: eu` first-party clients are reported by `eu-residency-unavailable`
    instead.

    ## Why is this bad?
    Without `inference_geo` the request runs in the workspace's `default_inference_geo`,
    which is `"global"` unless an administrator changed it: inference may then run outside
    the US. The default is configured outside the code and can change without a commit;
    pinning `inference_geo="us"` on each request makes the promise visible and reviewable.

    ## Example
    ```python
    import anthropic

    client = anthropic.Anthropic()
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=messages)
    ```

    ## Use instead
    ```python
    import anthropic

    client = anthropic.Anthropic()
    reply = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=512, messages=messages, inference_geo="us"
    )
    ```

    ## References
    - https://platform.claude.com/docs/en/manage-claude/data-residency
    - https://platform.claude.com/docs/en/api/messages
    """

    id = "inference-geo-missing"
    summary = "first-party Claude request without inference_geo under US residency"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    tags = ("residency", "compliance", "privacy")
    policy = "residency: us"
    fix_hint = "Pass inference_geo='us' (or extra_body={'inference_geo': 'us'} where it is not a keyword)."

    def finish(self, ctx) -> None:
        if R.active_residency(ctx.policy) != "us":
            return
        for site in R.sites(ctx):
            if site.kind != R.GEO_MISSING or site.client_kind != ClientKind.FIRST_PARTY:
                continue
            R.report(
                ctx,
                site,
                f"{site.client} sets no inference_geo, so inference runs in the workspace's default geography "
                f"(\"global\" unless an administrator changed it), which the code does not pin to residency: us; "
                f"pass {site.hint}",
            )
