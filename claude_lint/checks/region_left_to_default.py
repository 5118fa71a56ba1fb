"""region-left-to-default: a Claude client whose region comes from the environment or a
library default outside the residency policy."""

from __future__ import annotations

import ast

from .. import residency as R
from ..analysis import ENV, ENV_DEFAULT
from ..analysis.syntax import short_text
from ..model import Confidence, Severity
from ..rule import Rule
from ..rulekit.library import is_library_code


class RegionLeftToDefault(Rule):
    """
    ## What it does
    Reports a Vertex, Bedrock or Google Cloud client (or wrapper) whose region is not
    chosen in code:

    - no region argument, and the library falls back to a default outside the policy:
      `ChatAnthropicVertex` → `us-central1` (after `vertexai.init`, `GOOGLE_CLOUD_REGION`,
      `CLOUD_ML_REGION`), litellm/dspy Bedrock → `us-west-2`, litellm Vertex → `us-central1`,
      `instructor.from_provider("bedrock/…")` → `us-east-1` (it reads only
      `AWS_DEFAULT_REGION`), `AnthropicGoogleCloud` → `global` (under `residency: us`),
      `AnthropicBedrock` → `us-east-1` in SDKs before 2.0;
    - no region argument and no library default: the region comes only from the environment
      (`CLOUD_ML_REGION` for `AnthropicVertex`, `AWS_REGION`/`AWS_DEFAULT_REGION` for
      Bedrock clients, langchain-aws and its legacy `langchain.llms.Bedrock` /
      `BedrockChat` classes, `init_chat_model` with a Bedrock provider, llama-index and
      pydantic-ai Bedrock classes, Bedrock agents, and boto3 `bedrock-runtime` clients used
      with Claude) — reported with low severity and confidence, since the code cannot show
      the value (a generic Bedrock class whose model id is unknown but may be Claude: see
      `region-outside-policy`). In an AWS Lambda handler the environment's `AWS_REGION` is
      the function's deployment region: still low, not silent, since the repository does
      not show where the function is deployed (a deployment template that pins it, read by
      `region-outside-policy` in configuration files, is the evidence);
    - a region read with `os.getenv("CLOUD_ML_REGION", "us-east5")` (or
      `os.environ.get(...)`, `os.getenv(...) or "..."`) whose default lies outside the policy,
      and a region read from the environment with no default (low);
    - a Bedrock model id whose `os.getenv` default has a profile prefix outside the policy;
    - the same through attributes and settings: `self.region = os.getenv("AWS_REGION",
      "us-east-1")` used by a client built elsewhere in the class, a pydantic `BaseSettings`
      field with a default (`settings.aws_region`: the field reads `AWS_REGION` — with the
      class's `env_prefix` — and falls back to the default);
    - a region read from a session: `boto3.Session().region_name`,
      `boto3.session.Session().region_name`, `sagemaker.Session().boto_region_name`
      (also passed as `AnthropicBedrock(aws_region=session.region_name)`, the legacy
      `anthropic_bedrock` package included) — the environment decides (low);
    - a region argument whose value the code does not determine at all (a parameter no call
      site in the file passes and that has no default, an attribute of an object built in
      another module): low, "region not determined" — never silence. The own code of a
      wrapper library (`rulekit/library.py`) is its users' choice and is not reported, and
      a name a notebook reads but never binds (restored with `%store -r` from the notebook
      that set it) is judged in the notebook that sets it, not in every one that reads it.
      When several values can reach the use, each is judged (see `region-outside-policy`).

    A default inside the policy (`os.getenv("CLOUD_ML_REGION", "europe-west4")` under
    `residency: eu`) is silent. So is a Bedrock client whose every Claude model id is a
    cross-region profile inside the policy (`us.` under `residency: us`, `eu.` under `eu`):
    a profile can be invoked only from a source region of its own geography, so whatever
    region the environment supplies, the request stays inside or fails. A Bedrock client
    whose every model id is a profile *outside* the policy (`us.` under `residency: eu`) is
    not reported here either: the profile decides the geography whatever the region, and
    `region-outside-policy` reports the model id — one finding, at the place to change. A literal the file
    itself writes to `os.environ` before the client reads it is a choice made in code and is
    judged by `region-outside-policy`.
    Region values written in configuration files (`.env`, Compose, Kubernetes, Dockerfiles,
    workflows, Terraform) are explicit choices: `region-outside-policy` judges them with the
    same table.

    Under `residency: eu` first-party clients (`AnthropicGoogleCloud` included) are
    reported by `eu-residency-unavailable` only.

    ## Why is this bad?
    A region left to the environment or a library default is decided by whoever deploys the
    code, or silently by the library: litellm, langchain and instructor fall back to US
    regions, `AnthropicGoogleCloud` to `global`. A residency promise that depends on an
    unset variable is broken by the first environment that forgets it.

    ## Example
    ```yaml
    # claude-lint.yaml
    policy:
      residency: eu
    ```
    ```python
    import os
    from anthropic import AnthropicVertex

    client = AnthropicVertex(region=os.getenv("CLOUD_ML_REGION", "us-east5"), project_id="acme")
    ```

    ## Use instead
    ```python
    import os
    from anthropic import AnthropicVertex

    client = AnthropicVertex(region=os.getenv("CLOUD_ML_REGION", "europe-west4"), project_id="acme")
    ```

    ## References
    - https://platform.claude.com/docs/en/build-with-claude/claude-on-vertex-ai
    - https://docs.litellm.ai/docs/providers/bedrock
    - https://docs.litellm.ai/docs/providers/vertex
    - https://python.langchain.com/docs/integrations/chat/google_anthropic_vertex/
    """

    id = "region-left-to-default"
    summary = "Claude client region left to the environment or a library default outside the policy"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    tags = ("residency", "compliance", "privacy", "traffic")
    policy = "residency: us|eu"
    fix_hint = "Pass the region explicitly (or give os.getenv a default inside the policy)."

    def finish(self, ctx) -> None:
        policy = ctx.policy
        if R.active_residency(policy) is None:
            return
        label = R.residency_label(policy)
        for whole in R.sites(ctx):
            if not R.judged(whole, policy):
                continue
            if whole.kind in (R.REGION_ABSENT, R.REGION) and R.decided_by_profiles(whole):
                # a us./eu. profile inside the policy: no source region can move it out; one
                # outside it is reported by region-outside-policy at the model id (one cause)
                continue
            fix = R.satisfying(policy, whole.platform, R.fix_arg(whole))
            if whole.kind == R.REGION_ABSENT:
                self._absent(ctx, whole, label, fix)
                continue
            if whole.kind == R.REGION and R.not_determined(whole):
                self._undetermined(ctx, whole, label, fix)
                continue
            for site in R.candidates(whole):
                if self._judge(ctx, whole, site, label, fix):
                    break

    @staticmethod
    def _judge(ctx, whole, site, label: str, fix: str) -> bool:
        """One value of a site (one of several, or the only one): True when reported."""
        policy = ctx.policy
        others = R.alternatives_text(whole, site)
        if site.kind == R.REGION and site.value is not None and site.value.source == ENV_DEFAULT:
            place = R.offending_place(site, policy)
            if place is not None:
                R.report(
                    ctx,
                    site,
                    f"{R.subject(site)} {R.value_text(site, ctx)}{others}: {R.place_text(place)}, outside "
                    f"{label} whenever the variable is unset; {fix}",
                )
                return True
        elif site.kind == R.REGION and site.value is not None and site.value.source == ENV and site is whole:
            R.report(
                ctx,
                site,
                f"{R.subject(site)} {R.value_text(site, ctx)} with no default, so the code does "
                f"not show that it satisfies {label}; {fix}",
                severity=Severity.LOW,
                confidence=Confidence.LOW,
            )
            return True
        elif site.kind == R.MODEL and site.value is not None and site.value.source == ENV_DEFAULT:
            model = R.bedrock_model(site.value.value or "")
            problems = R.model_problems(model, policy) if model else []
            if problems:
                what = " and ".join(R.place_text(p) for p in problems)
                R.report(
                    ctx,
                    site,
                    f"{R.subject(site)} {R.value_text(site, ctx)}{others}: {what}, outside {label} whenever "
                    f"the variable is unset; {R.satisfying_model(policy)}",
                )
                return True
        return False

    @staticmethod
    def _undetermined(ctx, site, label: str, fix: str) -> None:
        """A region argument whose value the code does not show (a parameter nobody in the file
        passes, an attribute of an object built elsewhere): low, like a region read from the
        environment — never silence.  The own code of a wrapper library is its users' choice."""
        if is_library_code(ctx, site.node) or _restored_in_notebook(ctx, site.node):
            return
        R.report(
            ctx,
            site,
            f"{R.subject(site)} is `{short_text(site.node)}`, a value the code does not determine, so it does "
            f"not show that it satisfies {label}; {fix}",
            severity=Severity.LOW,
            confidence=Confidence.LOW,
        )

    @staticmethod
    def _absent(ctx, site, label: str, fix: str) -> None:
        ri = site.region_input
        if ri is None:
            return
        env = "/".join(ri.env)
        if ri.default is not None:
            place = R.classify(ri.default)
            if place is None or R.place_allowed(place, ctx.policy):
                return
            then = f"{env} or else " if env else ""
            note = f" {ri.default_note}" if ri.default_note else ""
            R.report(
                ctx,
                site,
                f"{site.client} sets no {ri.arg}, so it uses {then}the library default {ri.default!r}{note}: "
                f"{R.place_text(place)}, outside {label}{R.eu_profile_note(site, ctx.policy)}; {fix}",
            )
            return
        R.report(
            ctx,
            site,
            f"{site.client} sets no {ri.arg}, so its region comes from the environment ({env}), which the code "
            f"does not pin to {label}; {fix}",
            severity=Severity.LOW,
            confidence=Confidence.LOW,
        )


def _restored_in_notebook(ctx, node: ast.AST) -> bool:
    """A name a notebook reads but never binds or imports came from the kernel: restored with
    ``%store -r NAME`` or ``%run`` from the notebook that set it (a course's lessons read the
    region their How-To notebook stored).  The cause is where the value is set, and that
    notebook is judged there: reporting it again in every lesson would be one finding per
    reader for one cause."""
    if not ctx.path.endswith(".ipynb") or not isinstance(node, ast.Name):
        return False
    if node.id in ctx.resolver.aliases:
        return False
    _assigns, _iters, defining, _param = ctx.facts.lookup(node.id, ctx.facts.scope(node))
    return defining is None
