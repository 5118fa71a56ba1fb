"""Wrapper libraries as written in the wild (issue 13, pattern 5): legacy langchain import
paths, init_chat_model providers, chains that print prompts, Bedrock agents."""

from __future__ import annotations

from analysis_snippets import call, facts_of, name

from claude_lint.model import ClientKind
from claude_lint.surface import LANGCHAIN_ALIASES, WRAPPERS


def test_every_alias_names_a_canonical_wrapper_and_keeps_its_behaviour():
    for alias, canonical in LANGCHAIN_ALIASES.items():
        w, c = WRAPPERS[alias], WRAPPERS[canonical]
        assert not c.alias_of, canonical  # one step: an alias never points at an alias
        assert w.canonical == canonical
        assert (w.kind, w.needs_claude_model, w.model_args, w.credential_args) == (
            c.kind,
            c.needs_claude_model,
            c.model_args,
            c.credential_args,
        )


def test_legacy_bedrock_classes_are_claude_clients_only_with_a_claude_model():
    f = facts_of("""
        from langchain.llms import Bedrock
        from langchain_community.chat_models import BedrockChat
        v2 = Bedrock(model_id="anthropic.claude-v2")
        titan = Bedrock(model_id="amazon.titan-text-express-v1")
        chat = BedrockChat(model_id="anthropic.claude-3-haiku-20240307-v1:0")
        use(v2, titan, chat)
    """)
    info = f.client(name(f, "v2"))
    assert (info.name, info.kind, info.wrapper) == ("Bedrock", ClientKind.BEDROCK, True)
    assert f.client(name(f, "titan")) is None
    assert f.client(name(f, "chat")).name == "BedrockChat"


def test_legacy_first_party_classes():
    f = facts_of("""
        from langchain.chat_models import ChatAnthropic
        from langchain_community.llms import Anthropic
        chat = ChatAnthropic(model="claude-2")
        llm = Anthropic(model="claude-2")
        use(chat, llm)
    """)
    assert f.client(name(f, "chat")).kind == ClientKind.FIRST_PARTY
    assert f.client(name(f, "llm")).kind == ClientKind.FIRST_PARTY
    assert f.content_client(call(f, "ChatAnthropic(")) is not None


def test_init_chat_model_target():
    from claude_lint.surface import init_chat_model_target

    assert init_chat_model_target("claude-3-7-sonnet-latest", "anthropic")[0] == "langchain_anthropic.ChatAnthropic"
    assert init_chat_model_target("anthropic:claude-sonnet-4-5", None) == (
        "langchain_anthropic.ChatAnthropic",
        "claude-sonnet-4-5",
    )
    assert init_chat_model_target("bedrock_converse:anthropic.claude-3-haiku-20240307-v1:0", None) == (
        "langchain_aws.ChatBedrockConverse",
        "anthropic.claude-3-haiku-20240307-v1:0",
    )
    assert init_chat_model_target("claude-haiku-4-5", None)[0] == "langchain_anthropic.ChatAnthropic"
    assert init_chat_model_target("claude-3-5-sonnet-v2@20241022", "google_anthropic_vertex")[0].endswith(
        "ChatAnthropicVertex"
    )
    # look-alikes: not Claude on a generic provider, another provider, an unknown provider
    assert init_chat_model_target("amazon.nova-pro-v1:0", "bedrock_converse") is None
    assert init_chat_model_target("gpt-4o", "openai") is None
    assert init_chat_model_target("claude-3-haiku", None, provider_unknown=True) is None


def test_init_chat_model_with_an_environment_default_provider_is_a_claude_wrapper():
    f = facts_of("""
        import os
        from langchain.chat_models import init_chat_model
        provider = os.getenv("MODEL_PROVIDER", "anthropic")
        model = init_chat_model("claude-3-7-sonnet-latest", model_provider=provider)
        other = init_chat_model("llama3", model_provider=os.getenv("MODEL_PROVIDER", "ollama"))
        use(model, other)
    """)
    assert f.content_client(name(f, "model")).kind == ClientKind.FIRST_PARTY
    assert f.content_client(name(f, "other")) is None


def test_chain_model_finds_the_claude_model_inside_chains_and_agents():
    f = facts_of("""
        from langchain.chains import ConversationChain
        from langchain.agents import AgentExecutor, create_react_agent
        from langchain.llms import Bedrock
        from langchain_anthropic import ChatAnthropic
        from langchain_openai import ChatOpenAI
        llm = Bedrock(model_id="anthropic.claude-v2")
        chain = ConversationChain(llm=llm, verbose=True)
        agent = create_react_agent(ChatAnthropic(model="claude-haiku-4-5"), [], prompt)
        executor = AgentExecutor(agent=agent, tools=[], verbose=True)
        other = ConversationChain(llm=ChatOpenAI(model="gpt-4o"), verbose=True)
    """)
    assert f.chain_model(call(f, "ConversationChain(llm=llm")).name == "Bedrock"
    assert f.chain_model(call(f, "AgentExecutor(")).name == "ChatAnthropic"
    assert f.chain_model(call(f, "ConversationChain(llm=ChatOpenAI")) is None


def test_an_unknown_bedrock_model_may_be_claude_only_where_the_module_names_claude_models():
    picker = facts_of("""
        from langchain_community.chat_models import BedrockChat
        OPTIONS = {"Haiku": "anthropic.claude-3-haiku-20240307-v1:0", "Mistral": "mistral.mistral-large-2402-v1:0"}
        def build(model_id):
            return BedrockChat(model_id=model_id)
    """)
    w = WRAPPERS["langchain_community.chat_models.BedrockChat"]
    assert "anthropic.claude-3-haiku" in picker.possible_claude_model(call(picker, "BedrockChat("), w)
    titan_only = facts_of("""
        from langchain_community.chat_models import BedrockChat
        OPTIONS = ["amazon.titan-text-express-v1", "meta.llama3-70b-instruct-v1:0"]
        def build(model_id):
            return BedrockChat(model_id=model_id)
    """)
    assert titan_only.possible_claude_model(call(titan_only, "BedrockChat("), w) == ""
    known = facts_of("""
        from langchain_community.chat_models import BedrockChat
        CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0"
        titan = BedrockChat(model_id="amazon.titan-text-express-v1")
    """)
    assert known.possible_claude_model(call(known, "BedrockChat("), w) == ""


def test_langchain_chains_and_legacy_llms_called_directly_are_requests():
    f = facts_of("""
        from langchain.chains import ConversationChain, RetrievalQA
        from langchain.llms import Bedrock
        from langchain_openai import ChatOpenAI
        llm = Bedrock(model_id="anthropic.claude-v2")
        chain = ConversationChain(llm=llm)
        qa = RetrievalQA.from_chain_type(llm=llm, retriever=r)
        other = ConversationChain(llm=ChatOpenAI())
        def go(note):
            a = chain({"input": note})
            b = llm(note)
            c = qa.run(note)
            d = other({"input": note})
    """)
    assert f.claude_request(call(f, "chain({")).method == "__call__"
    assert f.claude_request(call(f, "llm(note")).client.name == "Bedrock"
    assert f.claude_request(call(f, "qa.run(")).method == "run"
    assert f.claude_request(call(f, "other({")) is None


def test_langchain_chain_names():
    from claude_lint.surface import langchain_chain

    assert langchain_chain("langchain.chains.ConversationChain") == "ConversationChain"
    assert langchain_chain("langchain.chains.RetrievalQA.from_chain_type") == "RetrievalQA"
    assert langchain_chain("langchain.agents.initialize_agent") == "initialize_agent"
    assert langchain_chain("mylib.chains.ConversationChain") is None  # not langchain's
    assert langchain_chain("langchain.chains.Foo") is None


def test_the_inventory_names_what_the_residency_rules_judge(tmp_path):
    """Legacy langchain classes on a boto3 client, init_chat_model with a provider default,
    Bedrock agents and a generic Bedrock class that may be Claude are inventory places."""
    import json

    from click.testing import CliRunner

    from claude_lint.cli import main

    src = tmp_path / "app.py"
    src.write_text(
        "import os\n"
        "import boto3\n"
        "from langchain.chat_models import init_chat_model\n"
        "from langchain.llms.bedrock import Bedrock\n"
        "from langchain_community.chat_models import BedrockChat\n"
        "REGION = 'us-west-2'\n"
        "runtime = boto3.client('bedrock-runtime', region_name=REGION)\n"
        "llm = Bedrock(client=runtime, model_id='anthropic.claude-v2')\n"
        "chat = init_chat_model('claude-3-7-sonnet-latest', model_provider=os.getenv('P', 'anthropic'))\n"
        "agents = boto3.client('bedrock-agent-runtime', region_name='us-east-1')\n"
        "r = agents.invoke_inline_agent(foundationModel='anthropic.claude-3-haiku-20240307-v1:0', inputText='q')\n"
        "OPTIONS = ['anthropic.claude-3-haiku-20240307-v1:0', 'mistral.mistral-large-2402-v1:0']\n"
        "def build(model_id):\n"
        "    return BedrockChat(model_id=model_id)\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["inventory", str(src), "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    entries = {e["line"]: e for e in json.loads(result.stdout)["entries"]}
    assert entries[8]["client"] == "Bedrock" and entries[8]["provider"] == "bedrock"
    assert [r["value"] for r in entries[8]["regions"]] == ["us-west-2"]
    assert entries[9]["provider"] == "first-party"
    assert entries[10]["client"] == "boto3 bedrock-agent-runtime client"
    assert [r["value"] for r in entries[10]["regions"]] == ["us-east-1"]
    assert "may be Claude" in entries[14]["note"]


def test_agent_graphs_on_a_claude_model_are_content_clients():
    f = facts_of("""
        from langgraph.prebuilt import create_react_agent
        from langchain_anthropic import ChatAnthropic
        from langchain_openai import ChatOpenAI
        agent = create_react_agent(ChatAnthropic(model="claude-haiku-4-5"), tools)
        agent2 = create_react_agent("anthropic:claude-sonnet-4-5", tools)
        agent3 = create_react_agent(ChatOpenAI(model="gpt-4o"), tools)
        async def go(q):
            async for event in agent.astream({"messages": [("user", q)]}):
                pass
            r = agent2.invoke({"messages": q})
            r3 = agent3.invoke({"messages": q})
    """)
    assert f.claude_request(call(f, "agent.astream(")).client.name == "ChatAnthropic"
    assert f.claude_request(call(f, "agent2.invoke(")).client.kind == ClientKind.FIRST_PARTY
    assert f.claude_request(call(f, "agent3.invoke(")) is None
