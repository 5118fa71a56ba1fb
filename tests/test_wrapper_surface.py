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
