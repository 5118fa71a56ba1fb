"""inference-geo-missing: a first-party Claude request without ``inference_geo`` under ``residency: us``."""

from __future__ import annotations

import ast

from .. import residency as R
from ..model import ClientKind, Confidence, Fix, Severity
from ..rule import Rule
from ..surface import BATCH_METHODS


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
    - the requests of `messages.batches.create(requests=[...])` whose `params` lack it: one
      finding per batch call, at the first such request, with the batch's other such requests
      as related locations (each `params` needs the value, but one batch is one change);
    - Managed Agents' `beta.agents.create/update(model=...)` without
      `model={"id": ..., "inference_geo": "us"}`;
    - wrappers: langchain `ChatAnthropic(...)` (field `inference_geo` or `model_kwargs`;
      also its legacy import paths and `init_chat_model` with the `anthropic` provider),
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
    ```yaml
    # claude-lint.yaml
    policy:
      residency: us
    ```
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

    **Autofix** (`claude-lint check --fix`): adds `inference_geo="us"` as a keyword argument
    to the SDK request methods, `ChatAnthropic(...)` and litellm/dspy calls, in the call's own
    layout (its own line when the arguments are one per line, trailing comma kept); to
    `messages.parse` as `extra_body={"inference_geo": "us"}` (or as an entry of an
    `extra_body` dict written in the call); to a batch request's `params` dict literal (and
    those of the other request dicts of the same list literal, the finding's related places)
    or `MessageCreateParams...(...)` call. Left for you: Managed Agents `model=`, llama-index
    `additional_kwargs`, pydantic-ai `model_settings`, an `extra_body` that is not a dict
    written in the call, and notebooks.

    ## References
    - https://platform.claude.com/docs/en/manage-claude/data-residency
    - https://platform.claude.com/docs/en/api/messages
    """

    id = "inference-geo-missing"
    summary = "first-party Claude request without inference_geo under US residency"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    tags = ("residency", "compliance", "privacy", "traffic")
    policy = "residency: us"
    fix_hint = "Pass inference_geo='us' (or extra_body={'inference_geo': 'us'} where it is not a keyword)."

    def finish(self, ctx) -> None:
        if R.active_residency(ctx.policy) != "us":
            return
        missing = [s for s in R.sites(ctx) if s.kind == R.GEO_MISSING and s.client_kind == ClientKind.FIRST_PARTY]
        batches: dict[int, list] = {}  # one finding per batch call: its requests without inference_geo
        for site in missing:
            if site.method in BATCH_METHODS and site.owner is not None:
                batches.setdefault(id(site.owner), []).append(site)
        for site in missing:
            group = batches.get(id(site.owner), [site]) if site.method in BATCH_METHODS else [site]
            if group[0] is not site:
                continue  # a later request of a batch: a related location of the first one's finding
            what = (
                f"{site.client} gets {len(group)} requests that each set" if len(group) > 1 else f"{site.client} sets"
            )
            R.report(
                ctx,
                site,
                f"{what} no inference_geo, so inference runs in the workspace's default geography "
                f'("global" unless an administrator changed it), which the code does not pin to residency: us; '
                f"pass {site.hint}",
                fix=_fix(ctx, site),
                # a missing value has no origin: the related places are the batch's other requests
                related=[(o.node, "another request of this batch without inference_geo") for o in group[1:]],
            )

    def fix(self, finding, site):
        """Add ``inference_geo="us"``: a keyword argument, an ``extra_body`` entry, or an
        entry of a batch request's ``params`` dict (see the rule's Autofix note)."""
        import libcst as cst  # local: libcst (and rulekit.edits) cost start-up time a plain check never pays

        from ..rulekit.edits import (
            Edit,
            append_arg,
            append_element,
            dict_element,
            keyword_arg,
            string,
            string_quote_in,
        )

        form = finding.fix.data.get("form") if finding.fix else None
        if form == "entry":
            d = site.exact(cst.Dict)
            if not isinstance(d, cst.Dict) or any(_key(e) == "inference_geo" for e in d.elements):
                return None
            q = string_quote_in(d)
            # the other request dicts of the same batch list (the finding's related places)
            dicts = [d, *_sibling_params(site, d)]
            return [
                Edit(p, lambda n: append_element(n, dict_element("inference_geo", string("us", q), q)))
                for p in dicts
                if not any(_key(e) == "inference_geo" for e in p.elements)
            ]
        call = site.exact(cst.Call)
        if call is None or any(a.keyword is not None and a.keyword.value == "inference_geo" for a in call.args):
            return None
        q = string_quote_in(call)
        if form == "keyword":
            return [Edit(call, lambda n: append_arg(n, keyword_arg("inference_geo", string("us", q))))]
        if form != "extra_body":
            return None
        extra = next((a for a in call.args if a.keyword is not None and a.keyword.value == "extra_body"), None)
        if extra is None:
            value = cst.Dict([dict_element("inference_geo", string("us", q), q)])
            return [Edit(call, lambda n: append_arg(n, keyword_arg("extra_body", value)))]
        if isinstance(extra.value, cst.Dict) and not any(_key(e) == "inference_geo" for e in extra.value.elements):
            return [Edit(extra.value, lambda n: append_element(n, dict_element("inference_geo", string("us", q), q)))]
        return None


#: hints (residency.Site.hint) whose fix is a keyword argument, an extra_body entry, a params entry
_KEYWORD_HINTS = ("inference_geo='us'", "'inference_geo': 'us' in each request's params")
_EXTRA_BODY_HINT = "extra_body={'inference_geo': 'us'}"


def _fix(ctx, site) -> Fix | None:
    """Which form of fix a site takes, if any: requests and wrappers that take the keyword,
    ``messages.parse`` (``extra_body``), a batch request's ``params`` (a dict literal or a
    ``MessageCreateParams...(...)`` call).  Not in notebooks."""
    if ctx.source.line_map:
        return None
    node = site.node
    if isinstance(node, ast.Call) and site.hint in _KEYWORD_HINTS:
        form = "keyword"
    elif isinstance(node, ast.Call) and site.hint == _EXTRA_BODY_HINT:
        form = "extra_body"
    elif isinstance(node, ast.Dict) and site.hint == _KEYWORD_HINTS[1]:
        form = "entry"
    else:
        return None
    return Fix('add inference_geo="us"', {"form": form})


def _sibling_params(site, params) -> list:
    """The ``params`` dict literals of the other request dicts in the batch list that holds
    ``params`` (``[{"custom_id": ..., "params": {...}}, ...]``): one fix for the batch."""
    import libcst as cst  # local: libcst (and rulekit.edits) cost start-up time a plain check never pays

    # params dict <- its DictElement <- the request dict <- an Element <- the batch list
    up = site.ancestors(params)
    if len(up) < 4 or not isinstance(up[1], cst.Dict) or not isinstance(up[3], (cst.List, cst.Tuple)):
        return []
    out = []
    for element in up[3].elements:
        request = getattr(element, "value", None)
        if not isinstance(request, cst.Dict):
            continue
        for e in request.elements:
            value = getattr(e, "value", None)
            if _key(e) == "params" and isinstance(value, cst.Dict) and value is not params:
                out.append(value)
    return out


def _key(element) -> str | None:
    import libcst as cst  # local: libcst (and rulekit.edits) cost start-up time a plain check never pays

    key = getattr(element, "key", None)
    return key.evaluated_value if isinstance(key, cst.SimpleString) else None  # type: ignore[return-value]
