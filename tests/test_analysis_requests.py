"""claude_lint.analysis.requests: which call is a Claude request; content, provider, key."""

import ast

from analysis_snippets import call, facts_of

from claude_lint.model import ClientKind

SRC = """
import anthropic, boto3, litellm
client = anthropic.Anthropic()
client.messages.create(model="claude-sonnet-4-5", messages=msgs, max_tokens=10)
client.with_raw_response.messages.stream(model="m", messages=[])
client.messages.count_tokens(model="m", messages=[])
litellm.completion(model="anthropic/claude-3-5", messages=msgs)
litellm.completion(model="gpt-4o", messages=msgs)
rt = boto3.client("bedrock-runtime", region_name="eu-central-1")
rt.converse(modelId="eu.anthropic.claude-sonnet-4-5-v1:0", messages=msgs)
"""


def test_sdk_requests_by_method():
    f = facts_of(SRC)
    req = f.request(call(f, "client.messages.create("))
    assert req.method == "messages.create" and req.client.name == "Anthropic" and req.inference
    assert f.request(call(f, "client.with_raw_response")).method == "messages.stream"
    counted = f.request(call(f, "client.messages.count_tokens("))
    assert counted.method == "messages.count_tokens" and not counted.inference
    assert {r.method for r in f.requests()} >= {"messages.create", "messages.stream"}


def test_wrapper_functions_need_a_claude_model():
    f = facts_of(SRC)
    claude, gpt = (call(f, "litellm.completion(model='anthropic"), call(f, "litellm.completion(model='gpt"))
    assert f.claude_request(claude) is not None
    assert f.claude_request(gpt) is None
    assert f.request_provider(f.claude_request(claude)) == ClientKind.FIRST_PARTY


def test_boto3_and_request_content():
    f = facts_of(SRC)
    req = f.claude_request(call(f, "rt.converse("))
    assert req is not None and f.request_provider(req) == ClientKind.BEDROCK
    sdk = f.claude_request(call(f, "client.messages.create("))
    assert [k for k, _ in f.request_content(sdk)] == ["messages"]


def test_request_templates_of_a_chain():
    f = facts_of("""
        from langchain.chains import LLMChain
        from langchain.chat_models import ChatAnthropic
        def make():
            return LLMChain(llm=ChatAnthropic(), prompt=DECISION)
        class D:
            def __init__(self):
                self.chain = make()
            def go(self, inputs):
                return self.chain(inputs)
        llm = ChatAnthropic()
        llm.invoke(text)
    """)
    req = f.claude_request(call(f, "self.chain(inputs)"))
    assert [(n, ast.unparse(e)) for n, e in f.request_templates(req)] == [("the chain's prompt", "DECISION")]
    assert f.request_templates(f.claude_request(call(f, "llm.invoke("))) == []


PICKER = """
from langchain_aws import ChatBedrockConverse
MODELS = {"sonnet": "anthropic.claude-3-5-sonnet-20241022-v2:0", "llama": "meta.llama3-70b-instruct-v1:0"}

class Chat:
    def update(self, config):
        self._llm = ChatBedrockConverse(model=config.model_id, region_name="us-east-1")

    def ask(self, question):
        return self._llm.invoke(question)

def titan(question):
    return ChatBedrockConverse(model="amazon.titan-text-express-v1").invoke(question)
"""

DOC_ONLY = '''
"""Pick a model, e.g. anthropic.claude-3-5-sonnet-20241022-v2:0."""
from langchain_aws import ChatBedrockConverse

def ask(model_id, question):
    return ChatBedrockConverse(model=model_id).invoke(question)
'''


def test_a_model_picker_with_claude_options_is_a_maybe_request():
    f = facts_of(PICKER)
    req = f.claude_request(call(f, "self._llm.invoke("))
    assert req is not None and req.method == "invoke"
    assert "anthropic.claude-3-5-sonnet-20241022-v2:0" in req.client.maybe
    assert f.request(call(f, "self._llm.invoke(")) is None  # not a request for the other rules
    assert f.claude_request(call(f, "ChatBedrockConverse(model='amazon.titan-text-express-v1').invoke(")) is None


def test_a_claude_id_in_a_docstring_is_no_picker_option():
    f = facts_of(DOC_ONLY)
    assert f.claude_request(call(f, "ChatBedrockConverse(model=model_id).invoke(")) is None
