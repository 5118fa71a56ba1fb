"""claude_lint.analysis.prompts: a request's prompt, a response's content."""

import ast

from analysis_snippets import call, facts_of, name

from claude_lint.analysis import PROMPT_LABELS, RESPONSE_LABELS

SRC = """
import anthropic
client = anthropic.Anthropic()
question = input()
msgs = [{"role": "user", "content": question}]
resp = client.messages.create(model="claude-sonnet-4-5", messages=msgs, system=SYS, max_tokens=5)
text = resp.content[0].text
tokens = resp.usage.input_tokens
use(text, tokens, question)
"""


def test_response_content_is_labelled_and_metadata_is_not():
    f = facts_of(SRC)
    text, tokens, _ = call(f, "use(").args
    assert f.labels(text, f.response_source, stop=f.response_stop) == RESPONSE_LABELS
    assert f.labels(tokens, f.response_source, stop=f.response_stop) == frozenset()


def test_prompt_arguments_and_prompt_sources():
    f = facts_of(SRC)
    req = f.request(call(f, "client.messages.create("))
    assert sorted(ast.unparse(a) for a in f.prompt_arguments(req)) == ["SYS", "msgs"]
    question = call(f, "use(").args[2]
    assert f.labels(question, f.prompt_source) == PROMPT_LABELS
    assert f.prompt_request(name(f, "question", 0)) is req.call
