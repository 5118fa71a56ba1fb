"""Claude client classes and wrapper libraries: which Python objects reach Claude, through
which provider, and which of their arguments carry a credential or a model (claude-surface
§1, §7).  Tables only: no I/O, no ``ast``."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import ClientKind


@dataclass(frozen=True)
class ClientClass:
    name: str
    kind: ClientKind
    is_async: bool
    #: keyword arguments that carry a credential
    credential_args: tuple[str, ...]
    #: positional parameters, in order, where the constructor takes them positionally
    positional: tuple[str, ...] = ()


_FIRST_PARTY_CREDS = ("api_key", "auth_token", "webhook_key")
_AWS_CREDS = ("api_key", "aws_secret_key", "aws_access_key", "aws_session_token")


def _pair(
    name: str, kind: ClientKind, creds: tuple[str, ...], positional: tuple[str, ...] = ()
) -> tuple[ClientClass, ClientClass]:
    return (
        ClientClass(name, kind, False, creds, positional),
        ClientClass("Async" + name, kind, True, creds, positional),
    )


#: Every client class of the ``anthropic`` package (claude-surface §1).  AnthropicAWS and
#: AnthropicGoogleCloud speak the first-party API and take inference_geo (DESIGN §1).
CLIENT_CLASSES: dict[str, ClientClass] = {
    c.name: c
    for c in (
        *_pair("Anthropic", ClientKind.FIRST_PARTY, _FIRST_PARTY_CREDS),
        ClientClass("Client", ClientKind.FIRST_PARTY, False, _FIRST_PARTY_CREDS),
        ClientClass("AsyncClient", ClientKind.FIRST_PARTY, True, _FIRST_PARTY_CREDS),
        *_pair("AnthropicAWS", ClientKind.FIRST_PARTY, _AWS_CREDS + ("auth_token",)),
        *_pair("AnthropicGoogleCloud", ClientKind.FIRST_PARTY, ()),
        *_pair(
            "AnthropicBedrock",
            ClientKind.BEDROCK,
            _AWS_CREDS,
            positional=("aws_secret_key", "aws_access_key", "aws_region"),
        ),
        *_pair("AnthropicBedrockMantle", ClientKind.BEDROCK, _AWS_CREDS),
        *_pair("AnthropicVertex", ClientKind.VERTEX, ("access_token",)),
        *_pair("AnthropicFoundry", ClientKind.FOUNDRY, ("api_key",)),
    )
}

#: Modules that export the client classes (the class name is the last dotted part).
CLIENT_MODULES = (
    "anthropic",
    "anthropic._client",
    "anthropic.lib.bedrock",
    "anthropic.lib.bedrock._client",
    "anthropic.lib.bedrock._mantle",
    "anthropic.lib.vertex",
    "anthropic.lib.vertex._client",
    "anthropic.lib.aws",
    "anthropic.lib.aws._client",
    "anthropic.lib.google_cloud",
    "anthropic.lib.google_cloud._client",
    "anthropic.lib.foundry",
)

#: The legacy Bedrock package (PyPI ``anthropic-bedrock``, superseded by ``anthropic[bedrock]``;
#: still in notebooks such as aws-samples' AnthropicWithBedrock): ``from anthropic_bedrock
#: import AnthropicBedrock``, constructed like the SDK's (``aws_region=``, ``aws_access_key=``).
LEGACY_CLIENT_MODULES: dict[str, tuple[str, ...]] = {"anthropic_bedrock": ("AnthropicBedrock", "AsyncAnthropicBedrock")}


def client_class(qualname: str | None) -> ClientClass | None:
    """The Claude client class a fully qualified name denotes, if any."""
    if not qualname or "." not in qualname:
        return None
    module, _, name = qualname.rpartition(".")
    if module in LEGACY_CLIENT_MODULES and name in LEGACY_CLIENT_MODULES[module]:
        return CLIENT_CLASSES[name]
    if module in CLIENT_MODULES and name in CLIENT_CLASSES:
        return CLIENT_CLASSES[name]
    return None


@dataclass(frozen=True)
class Wrapper:
    """A wrapper library entry point that ends up calling Claude (claude-surface §7)."""

    qualname: str
    kind: ClientKind | None
    credential_args: tuple[str, ...]
    #: the wrapper reaches Claude only when its model argument names a Claude model
    needs_claude_model: bool = False
    #: keyword (or positional index) holding the model string
    model_args: tuple[str | int, ...] = ()
    #: the class this entry point is another import path of (legacy langchain paths); ""
    #: for a canonical entry
    alias_of: str = ""

    @property
    def canonical(self) -> str:
        """The qualname of the class whose behaviour this entry point has."""
        return self.alias_of or self.qualname


WRAPPERS: dict[str, Wrapper] = {
    w.qualname: w
    for w in (
        Wrapper("langchain_anthropic.ChatAnthropic", ClientKind.FIRST_PARTY, ("api_key", "anthropic_api_key")),
        Wrapper("langchain_anthropic.AnthropicLLM", ClientKind.FIRST_PARTY, ("api_key", "anthropic_api_key")),
        Wrapper(
            "langchain_aws.ChatAnthropicBedrock",
            ClientKind.BEDROCK,
            ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
        ),
        Wrapper(
            "langchain_aws.ChatAnthropicMantle",
            ClientKind.BEDROCK,
            ("bedrock_api_key", "aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
        ),
        Wrapper(
            "langchain_aws.ChatBedrock",
            ClientKind.BEDROCK,
            ("api_key", "bedrock_api_key", "aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
            needs_claude_model=True,
            model_args=("model_id", "model"),
        ),
        Wrapper(
            "langchain_aws.ChatBedrockConverse",
            ClientKind.BEDROCK,
            ("api_key", "bedrock_api_key", "aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
            needs_claude_model=True,
            model_args=("model", "model_id"),
        ),
        Wrapper(
            "langchain_aws.BedrockLLM",
            ClientKind.BEDROCK,
            ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
            needs_claude_model=True,
            model_args=("model_id", "model"),
        ),
        Wrapper(
            "langchain_google_vertexai.model_garden.ChatAnthropicVertex",
            ClientKind.VERTEX,
            ("access_token",),
        ),
        Wrapper("litellm.completion", None, ("api_key",), needs_claude_model=True, model_args=("model", 0)),
        Wrapper("litellm.acompletion", None, ("api_key",), needs_claude_model=True, model_args=("model", 0)),
        Wrapper("litellm.anthropic.messages.create", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("litellm.anthropic.messages.acreate", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper(
            "llama_index.llms.anthropic.Anthropic",
            ClientKind.FIRST_PARTY,
            ("api_key", "aws_secret_access_key", "aws_access_key_id"),
        ),
        # llama-index's Bedrock classes (llama-index-llms-bedrock ``Bedrock(model=..., region_name=...)``,
        # llama-index-llms-bedrock-converse ``BedrockConverse(model=..., region_name=...,
        # profile_name=...)``, PyPI project pages): Claude when the model id is
        Wrapper(
            "llama_index.llms.bedrock.Bedrock",
            ClientKind.BEDROCK,
            ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
            needs_claude_model=True,
            model_args=("model",),
        ),
        Wrapper(
            "llama_index.llms.bedrock_converse.BedrockConverse",
            ClientKind.BEDROCK,
            ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
            needs_claude_model=True,
            model_args=("model",),
        ),
        Wrapper("pydantic_ai.providers.anthropic.AnthropicProvider", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("instructor.from_provider", None, ("api_key",), needs_claude_model=True, model_args=(0, "model")),
        Wrapper("dspy.LM", None, ("api_key",), needs_claude_model=True, model_args=(0, "model")),
        # dspy before 2.5: ``dspy.Claude(model=..., api_key=...)`` (first-party, ``dsp/modules/anthropic.py``)
        # and ``dspy.AWSAnthropic(aws_provider=dspy.Bedrock(region_name=...), model=...)``
        # (``dsp/modules/aws_models.py``, ``dsp/modules/aws_providers.py``)
        Wrapper("dspy.Claude", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("dspy.AWSAnthropic", ClientKind.BEDROCK, (), needs_claude_model=True, model_args=("model", 1)),
        Wrapper("agno.models.anthropic.Claude", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper("autogen_ext.models.anthropic.AnthropicChatCompletionClient", ClientKind.FIRST_PARTY, ("api_key",)),
        Wrapper(
            "autogen_ext.models.anthropic.AnthropicBedrockChatCompletionClient",
            ClientKind.BEDROCK,
            ("api_key", "aws_secret_access_key", "aws_access_key_id"),
        ),
        Wrapper("strands.models.anthropic.AnthropicModel", ClientKind.FIRST_PARTY, ("api_key",)),
        # strands-agents ``BedrockModel(*, boto_session=None, boto_client_config=None,
        # region_name=None, **model_config)``: the model id is ``model_id`` (its default,
        # DEFAULT_BEDROCK_MODEL_ID, is the us. Claude Sonnet 4 profile), the region
        # ``region_name``, else the boto3 session's, else AWS_REGION, else "us-west-2"
        # (strands-agents/sdk-python ``src/strands/models/bedrock.py`` at 004eaa60)
        Wrapper(
            "strands.models.BedrockModel", ClientKind.BEDROCK, (), needs_claude_model=True, model_args=("model_id",)
        ),
    )
}

#: Other import paths of the langchain classes above: the module paths inside their packages
#: and the legacy ``langchain``/``langchain_community`` classes they replace, which take the
#: same arguments (``model_id``, ``region_name``, ``client=`` a boto3 client, ``model_kwargs``)
#: and reach the same provider.  Sources: langchain-aws README and ``libs/aws/langchain_aws``
#: (``llms/bedrock.py`` ``BedrockLLM``, ``chat_models/bedrock.py`` ``ChatBedrock``,
#: ``chat_models/bedrock_converse.py``); langchain 0.0.x ``langchain/llms/bedrock.py`` (class
#: ``Bedrock``, re-exported by ``langchain.llms``) and ``langchain/chat_models/bedrock.py``
#: (``BedrockChat``), moved to ``langchain_community.llms.bedrock.Bedrock`` /
#: ``langchain_community.chat_models.bedrock.BedrockChat`` and deprecated in favour of
#: ``langchain_aws.BedrockLLM`` / ``ChatBedrock``; ``langchain/chat_models/anthropic.py``
#: (``ChatAnthropic``) and ``langchain/llms/anthropic.py`` (``Anthropic``), moved to
#: ``langchain_community`` and deprecated in favour of ``langchain_anthropic``
#: (claude-surface §7.1; reference.langchain.com v0.3 API pages); ``ChatAnthropicVertex`` is
#: defined in ``langchain_google_vertexai.model_garden`` (reference.langchain.com v0.3
#: "google_vertexai/model_garden").
LANGCHAIN_ALIASES: dict[str, str] = {
    # langchain-aws module paths
    "langchain_aws.chat_models.ChatAnthropicBedrock": "langchain_aws.ChatAnthropicBedrock",
    "langchain_aws.chat_models.ChatAnthropicMantle": "langchain_aws.ChatAnthropicMantle",
    "langchain_aws.llms.BedrockLLM": "langchain_aws.BedrockLLM",
    "langchain_aws.llms.bedrock.BedrockLLM": "langchain_aws.BedrockLLM",
    "langchain_aws.chat_models.ChatBedrock": "langchain_aws.ChatBedrock",
    "langchain_aws.chat_models.bedrock.ChatBedrock": "langchain_aws.ChatBedrock",
    "langchain_aws.chat_models.ChatBedrockConverse": "langchain_aws.ChatBedrockConverse",
    "langchain_aws.chat_models.bedrock_converse.ChatBedrockConverse": "langchain_aws.ChatBedrockConverse",
    # legacy Bedrock completion class (Claude v2 / instant era)
    "langchain.llms.Bedrock": "langchain_aws.BedrockLLM",
    "langchain.llms.bedrock.Bedrock": "langchain_aws.BedrockLLM",
    "langchain_community.llms.Bedrock": "langchain_aws.BedrockLLM",
    "langchain_community.llms.bedrock.Bedrock": "langchain_aws.BedrockLLM",
    # legacy Bedrock chat class
    "langchain.chat_models.BedrockChat": "langchain_aws.ChatBedrock",
    "langchain.chat_models.bedrock.BedrockChat": "langchain_aws.ChatBedrock",
    "langchain_community.chat_models.BedrockChat": "langchain_aws.ChatBedrock",
    "langchain_community.chat_models.bedrock.BedrockChat": "langchain_aws.ChatBedrock",
    # legacy first-party classes
    "langchain.chat_models.ChatAnthropic": "langchain_anthropic.ChatAnthropic",
    "langchain.chat_models.anthropic.ChatAnthropic": "langchain_anthropic.ChatAnthropic",
    "langchain_community.chat_models.anthropic.ChatAnthropic": "langchain_anthropic.ChatAnthropic",
    "langchain.llms.Anthropic": "langchain_anthropic.AnthropicLLM",
    "langchain.llms.anthropic.Anthropic": "langchain_anthropic.AnthropicLLM",
    "langchain_community.llms.Anthropic": "langchain_anthropic.AnthropicLLM",
    "langchain_community.llms.anthropic.Anthropic": "langchain_anthropic.AnthropicLLM",
    "langchain_anthropic.chat_models.ChatAnthropic": "langchain_anthropic.ChatAnthropic",
    "langchain_anthropic.llms.AnthropicLLM": "langchain_anthropic.AnthropicLLM",
    "langchain_community.chat_models.ChatAnthropic": "langchain_anthropic.ChatAnthropic",
    # strands-agents: ``strands.models`` re-exports the class of ``strands.models.bedrock``
    "strands.models.bedrock.BedrockModel": "strands.models.BedrockModel",
    # Vertex: the package re-exports model_garden's class in some releases
    "langchain_google_vertexai.ChatAnthropicVertex": "langchain_google_vertexai.model_garden.ChatAnthropicVertex",
}
#: the legacy packages, whose classes predate the ``inference_geo`` field (set it through
#: ``model_kwargs``)
LEGACY_LANGCHAIN = ("langchain.", "langchain_community.")


def _with_aliases(table: dict[str, Wrapper]) -> dict[str, Wrapper]:
    out = {q: w for q, w in table.items() if q not in LANGCHAIN_ALIASES}
    for alias, canonical in LANGCHAIN_ALIASES.items():
        out[alias] = replace(out[canonical], qualname=alias, alias_of=canonical)
    return out


WRAPPERS = _with_aliases(WRAPPERS)


#: langchain's provider-generic constructor ``init_chat_model(model, model_provider=...)``
#: (``langchain.chat_models`` re-exports it from ``langchain.chat_models.base``).
INIT_CHAT_MODEL = frozenset({"langchain.chat_models.init_chat_model", "langchain.chat_models.base.init_chat_model"})
#: init_chat_model providers that reach Claude → the class it builds (claude-surface §7.1
#: "langchain init_chat_model"; langchain ``chat_models/base.py`` ``_init_chat_model_helper``:
#: ``anthropic`` → ``ChatAnthropic``, ``anthropic_bedrock`` → ``ChatAnthropicBedrock``,
#: ``bedrock`` → ``ChatBedrock``, ``bedrock_converse`` → ``ChatBedrockConverse``,
#: ``google_anthropic_vertex`` → ``ChatAnthropicVertex``; the other keyword arguments
#: (``region_name``, ``location``, ``inference_geo``) go to that class).
INIT_CHAT_MODEL_PROVIDERS: dict[str, str] = {
    "anthropic": "langchain_anthropic.ChatAnthropic",
    "anthropic_bedrock": "langchain_aws.ChatAnthropicBedrock",
    "bedrock": "langchain_aws.ChatBedrock",
    "bedrock_converse": "langchain_aws.ChatBedrockConverse",
    "google_anthropic_vertex": "langchain_google_vertexai.model_garden.ChatAnthropicVertex",
}


def init_chat_model_target(
    model: str | None, provider: str | None, *, provider_unknown: bool = False
) -> tuple[str, str] | None:
    """The wrapper class ``init_chat_model(model, model_provider=provider)`` builds when it
    reaches Claude, and the model id it is given: ``("langchain_aws.ChatBedrockConverse",
    "anthropic.claude-…")``.  The provider comes from ``model_provider``, else from a
    ``"provider:model"`` string, else is inferred from a ``claude…`` model name (langchain's
    ``_attempt_infer_model_provider``: ``claude`` → ``anthropic``).  None when the provider
    is not one of Claude's or a generic Bedrock provider's model is not (known to be) Claude,
    and when ``model_provider`` is given a value the code does not show (``provider_unknown``:
    langchain infers nothing then)."""
    if provider_unknown:
        return None
    model = (model or "").strip()
    if not provider and ":" in model:
        head, _, rest = model.partition(":")
        if head.lower() in INIT_CHAT_MODEL_PROVIDERS:
            provider, model = head, rest
    if not provider and model.lower().startswith("claude"):
        provider = "anthropic"
    target = INIT_CHAT_MODEL_PROVIDERS.get((provider or "").strip().lower())
    if target is None:
        return None
    w = WRAPPERS[target]
    if w.needs_claude_model and not is_claude_model(model):
        return None  # a Titan, Llama, Nova … model on Bedrock
    return target, model


#: Regex fragment a model string must match to name a Claude model.
CLAUDE_MODEL_RE = re.compile(r"(?i)(^|[/.:@\s])(anthropic[./]|claude)|claude-")


def is_claude_model(value: str) -> bool:
    return bool(CLAUDE_MODEL_RE.search(value))


#: calls that derive a wrapper object from another and keep its model (langchain runnables)
DERIVATIONS = frozenset(
    {
        "bind_tools",
        "bind",
        "with_structured_output",
        "with_config",
        "with_retry",
        "with_fallbacks",
        "with_types",
        "with_listeners",
        "configurable_fields",
        "configurable_alternatives",
        "pipe",
    }
)
#: dspy modules that call the configured LM
DSPY_MODULES = frozenset(
    {
        "Predict",
        "ChainOfThought",
        "ReAct",
        "ProgramOfThought",
        "ChainOfThoughtWithHint",
        "MultiChainComparison",
        "Refine",
        "BestOfN",
    }
)


# ------------------------------------------------------------------ switches that print prompts
#: langchain chains and agents whose ``verbose=True`` attaches langchain's
#: ``StdOutCallbackHandler``: ``LLMChain`` prints "Prompt after formatting:" and the formatted
#: prompt, agents print each thought/action/observation (the model's output), so every prompt
#: and response goes to standard output (langchain ``chains/base.py`` ``Chain.verbose``,
#: ``chains/llm.py`` ``LLMChain.prep_prompts``; ``agents/agent.py`` ``AgentExecutor``;
#: python.langchain.com "Debugging": "Setting the verbose flag will print out inputs and
#: outputs in a slightly more readable format").  Constructors and the classmethods that
#: build them (``from_llm``, ``from_chain_type``, ``from_agent_and_tools``) by class name.
VERBOSE_CHAINS = frozenset(
    {
        "LLMChain",
        "ConversationChain",
        "ConversationalRetrievalChain",
        "RetrievalQA",
        "RetrievalQAWithSourcesChain",
        "SequentialChain",
        "SimpleSequentialChain",
        "MultiPromptChain",
        "LLMRouterChain",
        "LLMMathChain",
        "SQLDatabaseChain",
        "StuffDocumentsChain",
        "MapReduceDocumentsChain",
        "RefineDocumentsChain",
        "AgentExecutor",
        "initialize_agent",
        "load_qa_chain",
        "load_summarize_chain",
        "create_sql_agent",
        "create_pandas_dataframe_agent",
        "create_csv_agent",
    }
)
#: chains above whose own ``verbose=True`` prints no content: they wrap an ``LLMChain`` and
#: print only "> Entering new StuffDocumentsChain chain..." and "> Finished chain.".
#: langchain's ``_configure`` (callbacks/manager.py, 0.0.1xx to langchain_core) adds the verbose
#: ``StdOutCallbackHandler`` with ``add_handler(StdOutCallbackHandler(), False)``: not
#: inheritable, so the inner chain run through ``run_manager.get_child()`` does not get it;
#: ``StdOutCallbackHandler.on_chain_start``/``on_chain_end`` print the class name and
#: "Finished chain." only (callbacks/stdout.py); the prompt is printed by ``LLMChain.prep_prompts``
#: (``run_manager.on_text("Prompt after formatting:\n" + ..., verbose=self.verbose)``, the inner
#: chain's own flag).  ``BaseCombineDocumentsChain._call`` (combine_documents/base.py) and
#: ``BaseRetrievalQA._call`` call no ``on_text``, and ``RetrievalQA.from_llm``/``from_chain_type``
#: (retrieval_qa/base.py) build the inner chain without the ``verbose`` they are given.
MARKER_ONLY_VERBOSE_CHAINS = frozenset(
    {"StuffDocumentsChain", "MapReduceDocumentsChain", "RefineDocumentsChain", "RetrievalQA", "VectorDBQA"}
)
#: packages whose classes above are langchain's (the legacy and split packages)
LANGCHAIN_PACKAGES = ("langchain", "langchain_community", "langchain_experimental", "langchain_classic")


def langchain_chain(qualname: str | None) -> str | None:
    """The chain or agent class (or the function that builds one: ``initialize_agent``,
    ``load_qa_chain`` …; each returns a chain) a constructor call's qualified name denotes — ``langchain.chains.ConversationChain``,
    ``langchain.chains.RetrievalQA.from_chain_type`` → ``ConversationChain``,
    ``RetrievalQA`` — else None."""
    if not qualname:
        return None
    parts = qualname.split(".")
    if len(parts) > 2 and parts[-1].startswith("from_"):
        parts = parts[:-1]
    if parts[0] in LANGCHAIN_PACKAGES and parts[-1] in VERBOSE_CHAINS:
        return parts[-1]
    return None


#: global switches that print every prompt and response of every langchain model
#: (langchain ``globals.py`` ``set_verbose``/``set_debug``; ``set_debug(True)`` prints all
#: inputs and outputs of every run through ``ConsoleCallbackHandler``; the legacy
#: module attributes ``langchain.verbose``/``langchain.debug``)
LANGCHAIN_GLOBAL_SWITCHES = frozenset(
    {
        "langchain.globals.set_verbose",
        "langchain.globals.set_debug",
        "langchain_core.globals.set_verbose",
        "langchain_core.globals.set_debug",
    }
)
LANGCHAIN_GLOBAL_ATTRS = frozenset({"langchain.verbose", "langchain.debug"})
#: litellm's debug switches: ``litellm.set_verbose = True`` prints each request (prompt
#: included) with ``print_verbose``; ``litellm._turn_on_debug()`` sets litellm's logger to DEBUG,
#: which logs the request body ("POST Request Sent from LiteLLM") (docs.litellm.ai
#: "Debugging": "litellm._turn_on_debug()", "set_verbose is deprecated")
LITELLM_DEBUG_CALLS = frozenset({"litellm._turn_on_debug", "litellm.turn_on_debug"})
LITELLM_DEBUG_ATTRS = frozenset({"litellm.set_verbose"})


# ------------------------------------------------------------------ Bedrock agents
#: boto3 ``bedrock-agent-runtime`` methods that run an agent on a foundation model named in
#: the call → the keyword holding it (AWS API reference "InvokeInlineAgent": ``foundationModel``
#: "The model identifier (ID) of the model to use for orchestration by the inline agent").  The
#: agent's region is the client's.
BOTO3_AGENT_METHODS: dict[str, str] = {"invoke_inline_agent": "foundationModel"}
BOTO3_AGENT_SERVICE = "bedrock-agent-runtime"
#: langchain-aws's inline Bedrock agent: ``BedrockInlineAgentsRunnable.create(region_name=...,
#: inline_agent_config={"foundation_model": ...})`` (langchain-aws ``agents`` package, exported
#: from ``langchain_aws.agents``); matched by this suffix of the qualified name
INLINE_AGENT_FACTORY = "BedrockInlineAgentsRunnable.create"
INLINE_AGENT_MODEL_KEY = "foundation_model"


# ------------------------------------------------------------------ agent graphs
#: functions that build an agent graph around a chat model given as ``model`` (first
#: positional): the graph's ``invoke``/``stream``/``astream`` send the conversation to that
#: model.  A string model id is resolved by ``init_chat_model`` ("anthropic:claude-…").
#: Sources: langgraph ``prebuilt/chat_agent_executor.py`` ``create_react_agent(model, tools,
#: …)`` ("model: The language model for the agent … str … or a chat model instance"),
#: langchain 1.0 ``langchain.agents.create_agent(model, tools=…)`` (docs.langchain.com
#: "Agents").
AGENT_GRAPH_BUILDERS = frozenset(
    {
        "langgraph.prebuilt.create_react_agent",
        "langgraph.prebuilt.chat_agent_executor.create_react_agent",
        "langchain.agents.create_agent",
    }
)
#: graph builders whose ``compile()`` makes a runnable graph: ``builder.add_node(name, fn)``
#: adds a node (a function, often ``functools.partial(fn, llm)`` bound to a chat model), and
#: the compiled graph's ``invoke``/``stream``/``astream`` run the nodes, so a node given a
#: Claude model sends the graph's state to it.  Source: langgraph ``graph/state.py``
#: (``class StateGraph``, ``add_node``, ``compile`` → ``CompiledStateGraph``, a ``Pregel``
#: runnable), exported from ``langgraph.graph``; ``MessageGraph`` is its messages-only form.
STATE_GRAPH_CLASSES = frozenset(
    {
        "langgraph.graph.StateGraph",
        "langgraph.graph.state.StateGraph",
        "langgraph.graph.MessageGraph",
        "langgraph.graph.message.MessageGraph",
    }
)
