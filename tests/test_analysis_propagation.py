"""claude_lint.analysis.propagation: labels and traced paths through assignments and calls."""

from analysis_snippets import call, facts_of

SRC = '''
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
'''


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
