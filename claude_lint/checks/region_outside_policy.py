"""region-outside-policy: a Vertex location, Bedrock region or profile, or wrapper region
argument outside the residency policy."""

from __future__ import annotations

from .. import residency as R
from ..analysis import ENV, ENV_DEFAULT
from ..model import Confidence, Severity
from ..rule import Rule
from ..rulekit.config_values import config_value

#: variables and keys of configuration files (rules/region-outside-policy.yaml) and the
#: platform whose region each one sets; ``VERTEX_REGION_CLAUDE_<MODEL>`` is Vertex too
CONFIG_REGION_VARS: dict[str, str] = {
    "CLOUD_ML_REGION": R.VERTEX,
    "GOOGLE_CLOUD_REGION": R.VERTEX,
    "VERTEXAI_LOCATION": R.VERTEX,
    "VERTEX_LOCATION": R.VERTEX,
    "ANTHROPIC_GOOGLE_CLOUD_LOCATION": R.GOOGLE_CLOUD,
    "AWS_REGION": R.BEDROCK,
    "AWS_DEFAULT_REGION": R.BEDROCK,
    "AWS_REGION_NAME": R.BEDROCK,
    "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION": R.BEDROCK,
}


def config_platform(name: str) -> str | None:
    if name.startswith("VERTEX_REGION_CLAUDE_"):
        return R.VERTEX
    return CONFIG_REGION_VARS.get(name)


class RegionOutsidePolicy(Rule):
    """
    ## What it does
    Reports a region chosen in code that lies outside the policy's `residency`
    (or outside `allowed-regions` when the policy lists them):

    - `AnthropicVertex(region=...)`, `AnthropicBedrock(aws_region=...)` (also its third
      positional argument), `AnthropicBedrockMantle`, and — under `residency: us` —
      `AnthropicAWS(aws_region=...)` and `AnthropicGoogleCloud(location=...)`; the same
      arguments in `with_options()`/`copy()`; a region inside `base_url`;
    - a Bedrock model id whose cross-region profile prefix leaves the allowed area
      (`us.`, `global.`, `apac.`, `jp.`, `au.` … under EU; `eu.`, `global.` … under US), even
      when the client's region is allowed, and the region inside a Bedrock ARN;
    - wrapper arguments: langchain `region_name` (`ChatAnthropicBedrock`, `ChatBedrock`,
      `ChatBedrockConverse`, `BedrockLLM`, `ChatAnthropicMantle`, and their legacy import
      paths `langchain.llms.Bedrock`, `langchain.llms.bedrock.Bedrock`,
      `langchain_community.llms.Bedrock`, `langchain.chat_models.BedrockChat`,
      `langchain_community.chat_models.BedrockChat`) — or the region of the boto3 client
      passed as `client=` (one finding at that client, the wrappers built on it as related
      locations) — and `location` (`ChatAnthropicVertex`, also through
      `vertexai.init(location=...)`); `init_chat_model(model, model_provider=...)` judged as
      the class its provider builds (`bedrock`, `bedrock_converse`, `anthropic_bedrock`,
      `google_anthropic_vertex`, also `"provider:model"` strings); litellm/dspy
      `aws_region_name` and `vertex_location` (and `litellm.vertex_location = ...`),
      llama-index `region` / `aws_region` and `Bedrock`/`BedrockConverse(region_name=...)`,
      pydantic-ai `BedrockConverseModel(provider=BedrockProvider(region_name=...))`, legacy
      dspy `AWSAnthropic(dspy.Bedrock(region_name=...), model)`,
      `instructor.from_provider(..., region=...)`;
    - Bedrock agents on a Claude foundation model: the region of a boto3
      `bedrock-agent-runtime` client whose `invoke_inline_agent(foundationModel=...)` names
      Claude, and `BedrockInlineAgentsRunnable.create(region_name=...,
      inline_agent_config={"foundation_model": ...})`;
    - the generic Bedrock classes (`ChatBedrock`, `BedrockChat`, `Bedrock`, llama-index
      `Bedrock`) judge only a Claude model id: a Titan, Llama, Mistral or Nova model is
      silent; a model id the file cannot pin down (a parameter, a model picker's choice) is
      judged with low confidence when the module itself names Claude model ids on Bedrock
      (the picker's options), and the message says so;
    - `boto3.client("bedrock-runtime", region_name=...)` (or its `boto3.Session`) when the
      client is used with a Claude model id in the file; the `modelId` of `invoke_model`,
      `invoke_model_with_response_stream`, `converse` and `converse_stream` is judged even when
      the client is not visible, since a Claude profile id names Bedrock routing by itself;
    - a raw Vertex AI (`…-aiplatform.googleapis.com/…/publishers/anthropic/…`) or Bedrock
      (`bedrock-runtime.<region>.amazonaws.com/model/anthropic.claude…`) URL.

    Values are followed through module constants, local variables, f-strings of constants
    and literals this file writes to `os.environ` before the client reads them, and through
    what real services write: `self.region` / `self.model_id` set in `__init__` and used in
    another method (an unconditional reassignment earlier in the same method ends the old
    value), parameter defaults (`def __init__(self, region="us-east-1")`) and the arguments
    of the file's call sites, class attributes read as `self.CLAUDE_HAIKU`, `x or default`,
    dataclass / attrs / NamedTuple / pydantic fields with defaults read through an instance
    (`config.region`; a constructor argument replaces the default), and functions of the file
    that return a value. A `us.`/`global.` model id held in an attribute decides the
    geography like a literal `modelId=`. A boto3 `bedrock-runtime` client counts as used
    with Claude when a request through it names a Claude model id or sends the body of
    Claude's Messages API (`anthropic_version`), also when the client reaches the request
    as a parameter's default.

    When several values can reach the use — a variable assigned in branches, a failover
    loop `for region in ["europe-west1", "asia-southeast1"]`, `REGIONS[i]`, a parameter
    whose callers pass different regions — each is judged, and the first outside the policy
    is reported once, naming the alternatives (`one of 2 values that can reach it
    ('europe-west1', 'asia-southeast1')`). A region list whose every value is inside the
    policy is silent. Values read from the environment, an `os.getenv` default or a pydantic
    `BaseSettings` field (its environment variable, with the class default) belong to
    `region-left-to-default`, which also reports, with low confidence, a region the code
    does not determine at all.

    Values are followed into other modules of the repository too: an imported constant
    (`from .config import REGION`, `config.REGION`) or a field default of an imported
    settings object (`from .config import settings; settings.aws_region` with
    `aws_region: str = "us-east-1"` in a dataclass), reported at the use, naming the
    definition.
    Region strings of other services (DynamoDB, S3, SageMaker, Gemini on Vertex, Nova or
    Titan models on Bedrock), geo-IP data and documentation are not Claude and are ignored.

    EU classification: `residency: eu` accepts the providers' EU geography — Vertex `eu`
    and EU member-state `europe-*` locations, Bedrock EU member-state regions (`eu-central-1`,
    `eu-west-1`, `eu-west-3`, `eu-north-1`, `eu-south-1`, `eu-south-2`) and the `eu.` profile.
    London (`eu-west-2`, `europe-west2`) and Zurich (`eu-central-2`, `europe-west6`) are not
    EU and fire when chosen explicitly. The `eu.` profile may route requests to London or
    Zurich; it is accepted because it is AWS's EU geography — a contract that forbids the UK
    and Switzerland lists `allowed-regions` (which replaces the built-in table, profiles
    written as `eu.`). A single-region `anthropic.claude-…` id follows the client's region.
    An `eu.` profile called from a client outside the EU does not leave the EU — the call
    fails; the client's region is reported, and the message says so.

    Under `residency: eu` first-party clients (`AnthropicAWS`, `AnthropicGoogleCloud`
    included) are reported by `eu-residency-unavailable` only.

    Configuration files of a repository that uses Claude (a Python file or notebook that
    mentions it, or a dependency file naming `anthropic` or a wrapper) are checked too, when
    semgrep is installed: `.env` files, Docker Compose, Kubernetes and Helm YAML, GitHub
    workflow `env:` blocks, Dockerfiles (`ENV`, `ARG`) and Terraform (`.tf`, `.tfvars`,
    `.hcl`), in the forms `NAME=value`, `NAME: value`, `name`/`value` pairs and `ENV NAME
    value`. What is judged there:

    - variables only Claude clients read, wherever they are set: `CLOUD_ML_REGION`
      (`AnthropicVertex`, Claude Code), Claude Code's `VERTEX_REGION_CLAUDE_<MODEL>` and
      `ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION`, and — under `residency: us` —
      `ANTHROPIC_GOOGLE_CLOUD_LOCATION`;
    - any variable or key whose value is a Bedrock Claude model id (`ANTHROPIC_MODEL`,
      `ANTHROPIC_DEFAULT_SONNET_MODEL`, `BEDROCK_MODEL_ID`, a litellm `model: bedrock/…`):
      its profile prefix (`us.`, `global.`, `apac.` …) or the region of its ARN;
    - `AWS_REGION`, `AWS_DEFAULT_REGION`, `AWS_REGION_NAME` only in a file that also names
      Bedrock (`CLAUDE_CODE_USE_BEDROCK`, a Bedrock Claude model id,
      `ANTHROPIC_BEDROCK_BASE_URL`, `AWS_BEARER_TOKEN_BEDROCK`), and only when a Claude
      client of the repository reads that variable — or the file turns on Claude Code's
      Bedrock mode (`CLAUDE_CODE_USE_BEDROCK`, Claude Code reads `AWS_REGION`): every AWS
      SDK reads these variables, so `AWS_REGION=ap-south-1` beside a `BedrockClient` that
      reads `BEDROCK_REGION` configures Comprehend or S3, not Claude;
    - `GOOGLE_CLOUD_REGION`, `VERTEXAI_LOCATION`, `VERTEX_LOCATION` only in a file that also
      names Claude or Anthropic, and only when a Claude client of the repository reads that
      variable, for the same reason.

    "A Claude client of the repository reads it" is what the analysis of its Python files
    shows (tests aside): an `os.getenv`/`os.environ` read or a settings field (pydantic reads
    the variable of the field's name: `settings.aws_region` reads `AWS_REGION`) that reaches
    a Claude client's region — also through another module — and the variables a client
    built without a region reads (boto3's `AWS_REGION`/`AWS_DEFAULT_REGION` for a
    `bedrock-runtime` client without `region_name`, litellm's `AWS_REGION_NAME`,
    langchain-aws and the SDK's Bedrock clients). A region the code does not determine
    (an object built from a configuration manager it cannot follow) reads no known
    variable, so the file's variable is not reported. When the run does not see the
    repository (`--diff`, files named one by one as pre-commit does) the file is judged
    alone, as it stands.

    One finding per cause: when a finding in code already names the value from the same
    variable or settings field (`os.getenv("AWS_REGION", "us-east-1")`, a settings default
    `AWS_REGION: str = "ap-south-1"`, a `BEDROCK_MODEL_ID` field default), the `.env`,
    Compose, Kubernetes or deploy-manifest line setting that variable to that value is a
    related location of the code's finding, not a second result (a different value is a
    choice of its own and is reported). A file that turns on Claude Code configures that
    program, so its lines stay findings of their own.

    The structure of YAML and JSON files is read as well (without semgrep): a region key
    named after Bedrock, Vertex or Claude (`"bedrockRegion": "us-east-1"` in CDK context JSON,
    `bedrock_region:`; a Vertex-named key only in a file that names Claude), a plain
    `region`, `location`, `aws_region`, `region_name` or litellm's `aws_region_name` in the
    same mapping as a Claude model id (a model catalogue entry `{model_id:
    anthropic.claude-…, region: us-east-1}`, also with the model in a nested `config:`; a
    litellm proxy entry's `litellm_params`), and a Bedrock Claude model id in a JSON file.
    Regions are judged per entry: a mapping whose model is Titan, Cohere, Llama, Nova,
    Gemini, GPT, an embedding model or any other concrete non-Claude id is not judged, even
    under a key named after Vertex (`vertex_location` of a `textembedding-gecko` entry), and
    neither are the region of an S3 bucket or a table, CI workflows, cassettes, lock files
    and translations. When an entry's Claude model id is itself reported (a `us.` profile
    under `residency: eu`), the region of the same entry is a related location of that
    finding: one finding per entry.

    Compose defaults (`${AWS_REGION:-us-east-1}`) are judged; references resolved at deploy
    time (`${{ vars.REGION }}`, `{{ .Values.region }}`, `var.region`) and commented-out lines
    are not.

    ## Why is this bad?
    The region of a Vertex or Bedrock client, and the profile prefix of a Bedrock model id,
    decide where prompts and outputs are processed. A region outside the promised area
    breaks a residency commitment with every request.

    ## Example
    ```yaml
    # claude-lint.yaml
    policy:
      residency: eu
    ```
    ```python
    from anthropic import AnthropicBedrock, AnthropicVertex

    vertex = AnthropicVertex(region="europe-west2", project_id="acme")  # London: not EU
    bedrock = AnthropicBedrock(aws_region="eu-central-1")
    bedrock.messages.create(model="us.anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens=256, messages=messages)
    ```
    ```yaml
    # docker-compose.yml
    services:
      bot:
        environment:
          CLAUDE_CODE_USE_BEDROCK: "1"
          AWS_REGION: eu-central-1
          ANTHROPIC_MODEL: global.anthropic.claude-sonnet-4-5-20250929-v1:0
    ```

    ## Use instead
    ```python
    from anthropic import AnthropicBedrock, AnthropicVertex

    vertex = AnthropicVertex(region="europe-west4", project_id="acme")
    bedrock = AnthropicBedrock(aws_region="eu-central-1")
    bedrock.messages.create(model="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens=256, messages=messages)
    ```
    ```yaml
    services:
      bot:
        environment:
          CLAUDE_CODE_USE_BEDROCK: "1"
          AWS_REGION: eu-central-1
          ANTHROPIC_MODEL: eu.anthropic.claude-sonnet-4-5-20250929-v1:0
    ```

    ## References
    - https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations
    - https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html
    - https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
    - https://platform.claude.com/docs/en/build-with-claude/claude-on-vertex-ai
    """

    id = "region-outside-policy"
    summary = "Claude region, location or Bedrock profile outside the residency policy"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("residency", "compliance", "privacy", "traffic")
    policy = "residency: us|eu"
    fix_hint = "Choose a region, location and Bedrock model id inside the policy's residency (or allowed-regions)."

    def finish(self, ctx) -> None:
        policy = ctx.policy
        if R.active_residency(policy) is None:
            return
        label = R.residency_label(policy)
        for whole in R.sites(ctx):
            if not R.judged(whole, policy) or whole.value is None:
                continue
            # every value that can reach the site (one, or each of several); the first outside
            # the policy is the finding, naming the alternatives
            for site in R.candidates(whole):
                if site.value is None or site.value.source in (ENV, ENV_DEFAULT):
                    continue
                if self._judge(ctx, whole, site, policy, label):
                    break

    @staticmethod
    def _judge(ctx, whole, site, policy, label: str) -> bool:
        assert site.value is not None  # finish() passes valued sites only
        others = R.alternatives_text(whole, site)
        if site.kind == R.REGION:
            place = R.offending_place(site, policy)
            if place is None:
                return False
            R.report(
                ctx,
                site,
                f"{R.subject(site)} {R.value_text(site, ctx)}{others}: {R.place_text(place)}, outside {label}"
                f"{R.eu_profile_note(site, policy)}; {R.satisfying(policy, site.platform, R.fix_arg(site))}",
            )
            return True
        if site.kind == R.MODEL:
            model = R.bedrock_model(site.value.value or "")
            problems = R.model_problems(model, policy) if model else []
            if not problems:
                return False
            what = " and ".join(
                R.place_text(p) if p.kind == "bedrock-profile" else f"its ARN names {R.place_text(p)}" for p in problems
            )
            R.report(
                ctx,
                site,
                f"{R.subject(site)} {R.value_text(site, ctx)}{others}: {what}, outside {label}; "
                f"{R.satisfying_model(policy)}",
            )
            return True
        return False

    # -- configuration files (rules/region-outside-policy.yaml) --------------------------------
    def judges_config(self, policy) -> bool:
        """Whether :meth:`judge_config` can report anything under ``policy``: not under
        ``residency: any`` (then semgrep need not look at configuration files for this rule)."""
        return R.active_residency(policy) is not None

    def judge_config(self, name: str, value: str, policy) -> str | None:
        """A region, location or Bedrock model id set in a configuration file: the message,
        or None (always None under ``residency: any``)."""

        residency = R.active_residency(policy)
        if residency is None:
            return None
        text = config_value(value)
        if text is None:
            return None
        label = R.residency_label(policy)
        model = R.bedrock_model(text)
        if model is not None:
            problems = R.model_problems(model, policy)
            if not problems:
                return None
            what = " and ".join(
                R.place_text(p) if p.kind == "bedrock-profile" else f"its ARN names {R.place_text(p)}" for p in problems
            )
            return f"{name} is {text!r} in this file: {what}, outside {label}; {R.satisfying_model(policy)}"
        platform = config_platform(name)
        if platform is None or (platform == R.GOOGLE_CLOUD and residency == "eu"):
            return None  # under eu a first-party client is eu-residency-unavailable's alone
        return self._config_region(name, text, platform, policy, "")

    @staticmethod
    def _config_region(name: str, text: str, platform: str | None, policy, why: str) -> str | None:
        place = R.classify(text)
        if place is None or R.place_allowed(place, policy):
            return None
        if platform is None:  # only the value's shape says which platform
            platform = R.BEDROCK if place.kind == "aws-region" else R.VERTEX
        return (
            f"{name} is {text!r} in this file{why}: {R.place_text(place)}, outside {R.residency_label(policy)}; "
            f"{R.satisfying(policy, platform, name)}"
        )

    def judge_config_fact(self, fact, policy) -> str | None:
        """A region beside a Claude model id or under a key named after Bedrock/Vertex/Claude,
        or (JSON) a Bedrock Claude model id, read from a YAML/JSON file's structure
        (claude_lint/engines/config_files.py): the message, or None."""
        if R.active_residency(policy) is None:
            return None
        if fact.kind == "bedrock-model":
            return self.judge_config(fact.name, fact.value, policy)
        if fact.kind != "region" or (fact.companion_reads and config_platform(fact.name) is not None):
            return None  # a variable the companion rule judges (rules/region-outside-policy.yaml)
        text = config_value(fact.value)
        if text is None:
            return None
        platform = {"bedrock": R.BEDROCK, "vertex": R.VERTEX}.get(fact.platform)
        why = f" beside the Claude model {fact.model!r}" if fact.model else ""
        return self._config_region(fact.name, text, platform, policy, why)
