"""inference-geo-outside-policy: an ``inference_geo`` value the residency policy does not allow."""

from __future__ import annotations

from .. import residency as R
from ..model import Confidence, Severity
from ..rule import Rule


class InferenceGeoOutsidePolicy(Rule):
    """
    ## What it does
    Reports an `inference_geo` value that the policy's `residency` does not allow —
    `"global"` under `residency: us`; `"us"` or `"global"` on a Bedrock, Vertex or Foundry
    request under `residency: eu` — wherever it is set: as a request keyword, inside
    `extra_body`, in each batch request's `params`, in Managed Agents' `model={...}` and
    session overrides, on langchain `ChatAnthropic`/`ChatAnthropicBedrock` (field or
    `model_kwargs`), llama-index `additional_kwargs`, litellm pass-through keywords and
    pydantic-ai `extra_body`. The value is followed through module constants, local
    variables and `os.getenv(..., default)` defaults; the message says which.

    Values the API does not define (anything but `"us"` and `"global"`, such as
    `inference_geo="inference_geo"` in a mocked SDK test) are not judged: the API rejects
    them, so no data flows. Under `residency: eu` a first-party client is reported once by
    `eu-residency-unavailable` instead.

    ## Why is this bad?
    `inference_geo="global"` lets Anthropic run inference in any geography; a US-residency
    promise needs `"us"`. The first-party API has no EU value at all.

    ## Example
    ```yaml
    # claude-lint.yaml
    policy:
      residency: us
    ```
    ```python
    import anthropic

    INFERENCE_GEO = "global"

    client = anthropic.Anthropic()

    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=messages,
                                   inference_geo=INFERENCE_GEO)
    ```

    ## Use instead
    ```python
    import anthropic

    INFERENCE_GEO = "us"

    client = anthropic.Anthropic()

    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=messages,
                                   inference_geo=INFERENCE_GEO)
    ```

    ## References
    - https://platform.claude.com/docs/en/manage-claude/data-residency
    - https://platform.claude.com/docs/en/api/messages
    """

    id = "inference-geo-outside-policy"
    summary = "inference_geo value outside the residency policy"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("residency", "compliance", "privacy", "traffic")
    policy = "residency: us|eu"
    fix_hint = "Use inference_geo='us' under residency: us; under residency: eu use Vertex or Bedrock EU regions."

    def finish(self, ctx) -> None:
        residency = R.active_residency(ctx.policy)
        if residency is None:
            return
        for site in R.sites(ctx):
            if site.kind != R.GEO or not R.judged(site, ctx.policy) or site.value is None or site.value.value is None:
                continue
            if R.geo_allowed(site.value.value, ctx.policy) is not False:
                continue
            meaning = "lets inference run in any geography" if site.value.value == "global" else "asks for US inference"
            if residency == "us":
                fix = "use inference_geo='us'"
            else:
                fix = "remove it and keep the client's EU region or location"
            R.report(
                ctx,
                site,
                f"{site.client} inference_geo {R.value_text(site, ctx)}, which {meaning}, "
                f"outside residency: {residency}; {fix}",
            )
