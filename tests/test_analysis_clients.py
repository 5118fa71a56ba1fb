"""claude_lint.analysis.clients: which expression is a Claude client or wrapper."""

from analysis_snippets import call, facts_of, name

from claude_lint.model import ClientKind


def test_clients_through_assignments_attributes_and_derivations():
    f = facts_of("""
        import anthropic
        from anthropic import AnthropicVertex as AV
        class Svc:
            def __init__(self):
                self.client = anthropic.Anthropic(api_key=KEY)
            def go(self):
                return self.client.with_options(timeout=5)
        v = AV(region="europe-west4")
        use(v)
    """)
    info = f.client(name(f, "v"))
    assert (info.name, info.kind, info.wrapper) == ("AnthropicVertex", ClientKind.VERTEX, False)
    assert info.kwarg("region").value == "europe-west4"
    derived = f.client(call(f, "self.client.with_options("))
    assert derived.name == "Anthropic" and len(derived.calls) == 2
    assert derived.kwarg("timeout").value == 5


def test_wrappers_and_unknown_receivers():
    f = facts_of("""
        from langchain_anthropic import ChatAnthropic
        import litellm
        llm = ChatAnthropic(model="claude-sonnet-4-5")
        def handler(client):
            return client
        llm2 = llm.bind_tools([])
    """)
    info = f.client(name(f, "llm"))
    assert info.wrapper and info.kind == ClientKind.FIRST_PARTY
    assert f.client(name(f, "client")) is None  # an unannotated parameter: not guessed
    assert f.content_client(call(f, "llm.bind_tools(")).name == info.name


def test_client_from_annotation():
    f = facts_of("""
        from anthropic import AsyncAnthropicBedrock
        async def go(c: AsyncAnthropicBedrock):
            return c
    """)
    assert f.client(name(f, "c")).kind == ClientKind.BEDROCK
