"""claude_lint.analysis.scopes: scopes, bindings, functions, call sites."""

import ast

from analysis_snippets import call, facts_of, name


def test_lookup_follows_python_scoping_and_skips_class_bodies():
    f = facts_of("""
        x = "module"
        class C:
            x = "class body"
            def m(self):
                return x
        def g():
            x = "local"
            return x
    """)
    method_x = name(f, "x", 0)  # inside C.m: resolved in the module, never in g
    values, _, scope, param = f.lookup("x", f.scope(method_x))
    # flow-insensitive: a class body binds into its enclosing scope (a documented approximation)
    assert [v.value for v in values] == ["module", "class body"] and param is None
    assert scope.node is f.tree
    local_x = name(f, "x", 1)
    values, _, scope, _ = f.lookup("x", f.scope(local_x))
    assert [v.value for v in values] == ["local"]
    assert isinstance(scope.node, ast.FunctionDef) and scope.node.name == "g"


def test_parameters_are_bound_and_call_sites_give_their_arguments():
    f = facts_of("""
        def send(text, model="claude"):
            return text
        send("hello")
        send(text="bye", model="x")
    """)
    fn = f.functions["send"]
    sites = f.call_sites(fn)
    assert len(sites) == 2
    assert [ast.unparse(f.argument_for(c, fn, "text")) for c in sites] == ["'hello'", "'bye'"]
    assert f.argument_for(sites[0], fn, "model") is None
    _, _, _, param = f.lookup("text", f.scope(name(f, "text")))
    assert param is not None and param.arg == "text"
    assert f.callee(call(f, "send('hello')")) is fn


def test_statement_and_instance_class():
    f = facts_of("""
        class Bot:
            def __init__(self):
                self.model = "claude"
        bot = Bot()
        print(bot.model)
    """)
    p = call(f, "print(")
    assert isinstance(f.statement(p.args[0]), ast.Expr)
    assert f.instance_class(name(f, "bot")).name == "Bot"
    assert set(f.module_classes()) == {"Bot"}


def test_memo_computes_once():
    f = facts_of("x = 1")
    seen = []
    assert f.memo("k", lambda: seen.append(1) or 42) == 42
    assert f.memo("k", lambda: seen.append(1) or 43) == 42
    assert seen == [1]
