"""claude_lint.analysis.propagation: labels and traced paths through assignments and calls."""

from analysis_snippets import call, facts_of

SRC = """
import json
def secret():
    return SOURCE
def fmt(v):
    return f"value: {v}"
x = secret()
y = {"k": x}
z = fmt(json.dumps(y))
n = len(x)
sink(z, n)
"""


def source(node):
    import ast

    return frozenset({"secret"}) if isinstance(node, ast.Name) and node.id == "SOURCE" else frozenset()


def test_labels_flow_through_returns_containers_calls_and_fstrings():
    f = facts_of(SRC)
    z, n = call(f, "sink(").args
    assert f.labels(z, source) == {"secret"}
    assert f.labels(n, source) == frozenset()  # len() carries no content


def test_trace_gives_a_path_from_the_source():
    f = facts_of(SRC)
    z, n = call(f, "sink(").args
    path = f.trace(z, source)
    assert path is not None and path[-1][0] is z
    assert path[0][0].lineno == 4  # the source expression, in secret()
    assert f.trace(n, source) is None


def test_producer_finds_the_call_behind_a_value():
    f = facts_of("import anthropic\nc = anthropic.Anthropic()\nr = c.messages.create()\nuse(r)")
    r = call(f, "use(").args[0]
    made = f.producer(r, lambda c: getattr(c.func, "attr", "") == "create")
    assert made is not None and made.lineno == 3


# ------------------------------------------------------------------ phantom flows (issue 12)
CLAUDE = """
import anthropic
client = anthropic.Anthropic()
"""


def _content(f, expr):
    def src(node):
        return f.response_source(node) | f.prompt_source(node)

    return f.labels(expr, src, stop=f.response_stop)


def test_reassignment_ends_the_old_value():
    f = facts_of(
        CLAUDE
        + """
messages = [{"role": "user", "content": input()}]
reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=messages)
messages.append({"role": "assistant", "content": reply.content[0].text})
use(messages)
messages = [{"role": "user", "content": "Hello"}]
use2(messages)
"""
    )
    assert _content(f, call(f, "use(").args[0])
    assert _content(f, call(f, "use2(").args[0]) == frozenset()  # rebuilt from literals


def test_conditional_reassignment_keeps_both_values():
    f = facts_of(
        CLAUDE
        + """
reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[])
text = reply.content[0].text
if flag:
    text = "nothing"
use(text)
"""
    )
    assert _content(f, call(f, "use(").args[0])


def test_loop_over_a_constant_list_is_not_the_earlier_prompt():
    f = facts_of(
        CLAUDE
        + """
question = input()
client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": question}])
for question in ["What is 2+2?", "Name a colour"]:
    use(question)
"""
    )
    assert _content(f, call(f, "use(").args[0]) == frozenset()


def test_except_as_is_not_an_earlier_comprehension_variable():
    f = facts_of(
        CLAUDE
        + """
def ask(items):
    parts = [e["text"] for e in items]
    try:
        client.messages.create(model="claude-sonnet-4-5", max_tokens=5,
                               messages=[{"role": "user", "content": [e for e in parts]}])
    except Exception as e:
        use(e)
"""
    )
    assert _content(f, call(f, "use(").args[0]) == frozenset()


def test_literal_only_prompts_and_numbers_are_not_prompt_data():
    f = facts_of(
        CLAUDE
        + """
PREFILL = ""
TOPIC = "cats"
PROMPT = f"Write a haiku about {TOPIC}"
for page_num, page in enumerate(pages):
    client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[
        {"role": "user", "content": f"{PROMPT} page {page_num}: {page}"},
        {"role": "assistant", "content": PREFILL}])
    use(PROMPT, PREFILL, page_num, page)
"""
    )
    prompt, prefill, page_num, page = call(f, "use(").args
    assert f.literal_only(prompt) and f.literal_only(prefill)
    assert f.quantity(page_num) and not f.quantity(page)
    assert _content(f, prompt) == _content(f, prefill) == _content(f, page_num) == frozenset()
    assert _content(f, page)  # the page text is prompt content


def test_metadata_of_a_raw_response_body_is_not_response_text():
    f = facts_of("""
import json, boto3
bedrock = boto3.client("bedrock-runtime")
response = bedrock.invoke_model(modelId="anthropic.claude-3-5-sonnet-20240620-v1:0", body=json.dumps({"messages": []}))
result = json.loads(response["body"].read())
use(result["stop_reason"], result["usage"]["output_tokens"], result.get("id"), result["content"][0]["text"])
""")
    stop, tokens, rid, text = call(f, "use(").args
    assert _content(f, stop) == _content(f, tokens) == _content(f, rid) == frozenset()
    assert _content(f, text)


def test_a_boolean_grade_of_the_response_is_a_quantity():
    f = facts_of(
        CLAUDE
        + """
def grade(text):
    return "yes" in text.lower()
reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[])
use(grade(reply.content[0].text), reply.content[0].text)
"""
    )
    graded, text = call(f, "use(").args
    assert f.quantity(graded) and not f.quantity(text)


def _sink_labels(src: str) -> list[frozenset]:
    f = facts_of(src)
    return [f.labels(a, source) for a in call(f, "sink(").args]


def test_item_keys_do_not_carry_the_values_of_the_dict():
    # for k, v in d.items(): k holds a key of d (d[k].append(...) stores, a dict display)
    assert _sink_labels("""
from collections import defaultdict
groups = defaultdict(list)
for row in rows:
    groups[(row["team"], row["day"])].append(SOURCE)
for (team, day), items in groups.items():
    sink(team, day, items)
""") == [frozenset(), frozenset(), {"secret"}]
    # a tuple key's element: only the element that holds the source
    assert _sink_labels("""
groups = {}
for row in rows:
    groups[(SOURCE, row)] = 1
for (name, r), n in groups.items():
    sink(name, r)
""") == [{"secret"}, frozenset()]
    # through a function's return value and a parameter
    assert _sink_labels("""
def build(rows):
    d = dict()
    for row in rows:
        d[row] = SOURCE
    return d
def show(groups):
    for key, value in groups.items():
        sink(key, value)
show(build(rows))
""") == [frozenset(), {"secret"}]
    assert _sink_labels("""
d = {"a": SOURCE, "b": 2}
for k, v in d.items():
    sink(k, v)
""") == [frozenset(), {"secret"}]


def test_item_keys_stay_the_whole_dict_when_the_keys_are_unknown():
    # d.update(...) and a dict from elsewhere: the keys cannot be known, the old answer stays
    assert _sink_labels("""
d = {}
d.update(other)
d["x"] = SOURCE
for k, v in d.items():
    sink(k)
""") == [{"secret"}]
    assert _sink_labels("""
d = load()
d["x"] = SOURCE
for k, v in d.items():
    sink(k)
""") == [{"secret"}]
    # a key that holds the source is the source
    assert _sink_labels("""
d = {}
d[SOURCE] = 1
for k, v in d.items():
    sink(k)
""") == [{"secret"}]


def test_a_constant_key_read_does_not_see_a_store_under_another_key():
    assert _sink_labels("""
for visit in visits:
    visit["clinic"] = SOURCE
    sink(visit["day"], visit.get("day"), visit["clinic"], visit, visit[key])
""") == [frozenset(), frozenset(), {"secret"}, {"secret"}, {"secret"}]


def test_typing_cast_passes_its_value():
    f = facts_of(
        """
from typing import cast
import typing
x = cast(str, SOURCE)
y = typing.cast("str", SOURCE)
z = str.lower("constant")
sink(x, y, z)
"""
    )
    x, y, z = call(f, "sink(").args
    # the content rules stop at calls that make something else of their arguments; a cast does not
    assert f.labels(x, source, stop=f.content_stop) == {"secret"}
    assert f.labels(y, source, stop=f.content_stop) == {"secret"}
    assert f.labels(z, source, stop=f.content_stop) == frozenset()
