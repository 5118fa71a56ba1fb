"""claude_lint.analysis.clients: which expression is a Claude client or wrapper."""

from analysis_snippets import call, calls, facts_of, name

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


def test_held_composes_factories_attributes_parameters_and_fallbacks():
    # one query (held) behind client() and content_client(): every combination in one file
    f = facts_of("""
        from langchain.chains import LLMChain
        from langchain.chat_models import ChatAnthropic
        from langchain_openai import ChatOpenAI
        def make():
            return LLMChain(llm=ChatAnthropic(), prompt=P)
        def make_other():
            return LLMChain(llm=ChatOpenAI(), prompt=P)
        class A:
            kept = make()
            def __init__(self, given, llm=None):
                self.given = given
                self.llm = llm or ChatAnthropic()
                self.swapped = make()
                self.swapped = make_other()
            def go(self, x, dflt=make()):
                self.given(x)
                self.kept.run(x)
                self.llm.invoke(x)
                self.swapped(x)
                dflt.predict(x)
        def build():
            return A(make())
    """)
    built = call(f, "LLMChain(llm=ChatAnthropic()")
    assert all(f.content_client(c).calls[-1] is built for c in calls(f, "make()"))
    assert f.content_client(call(f, "make_other()")) is None
    for text, method in (
        ("self.given(x)", "__call__"),
        ("self.kept.run(", "run"),
        ("self.llm.invoke(", "invoke"),
        ("dflt.predict(", "predict"),
    ):
        req = f.claude_request(call(f, text))
        assert req is not None and req.method == method and req.client.name == "ChatAnthropic", text
    # reassigned to an OpenAI chain before any use: not a Claude request
    assert f.claude_request(call(f, "self.swapped(x)")) is None


def test_module_chain_class_built_by_a_classmethod():
    f = facts_of("""
        from langchain.chains import LLMChain
        from langchain.chains.base import Chain
        from langchain.chat_models import ChatAnthropic
        from langchain_openai import ChatOpenAI
        class Matching(Chain):
            @classmethod
            def from_anthropic(cls, r):
                return cls(inner=LLMChain(llm=ChatAnthropic(), prompt=P), r=r)
            @classmethod
            def from_openai(cls, r):
                return cls(inner=LLMChain(llm=ChatOpenAI(), prompt=P), r=r)
        class Plain:
            def __init__(self, inner):
                self.inner = inner
        m = Matching.from_anthropic(r)
        m({"note": note})
        o = Matching.from_openai(r)
        o({"note": note})
        p = Plain(LLMChain(llm=ChatAnthropic(), prompt=P))
        p({"note": note})
    """)
    req = f.claude_request(call(f, "m({"))
    assert req is not None and req.method == "__call__"
    assert f.claude_request(call(f, "o({")) is None
    assert f.claude_request(call(f, "p({")) is None  # not a chain class: calling it is not a request


def test_declared_field_given_by_the_file_constructor_calls():
    f = facts_of("""
        from langchain.chains import LLMChain
        from langchain.chains.base import Chain
        from langchain.chat_models import ChatAnthropic
        class Extract(Chain):
            inner: LLMChain
            other: LLMChain
            @classmethod
            def make(cls):
                return cls(inner=LLMChain(llm=ChatAnthropic(), prompt=P), other=unknown)
            def _call(self, inputs):
                self.inner(inputs)
                self.other(inputs)
    """)
    assert f.claude_request(call(f, "self.inner(inputs)")).method == "__call__"
    assert f.claude_request(call(f, "self.other(inputs)")) is None
