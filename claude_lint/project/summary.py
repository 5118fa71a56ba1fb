"""The summary of one module: what other modules of the repository may learn from it,
computed from its one parse and kept as plain JSON (cached by content hash).

A summary names, for the module's top-level names (and its classes' methods and fields):

* functions and methods that reach a Claude request: the parameters whose value reaches the
  request's content (through assignments, containers, f-strings and calls of the module's
  own helpers, :meth:`Facts.labels`), the request's provider and place, whether the
  response (or its text) is returned;
* factories that return a Claude client or wrapper object, and the class of an instance a
  function returns (``get_settings()`` → ``Settings()``);
* module-level clients (``client = anthropic.Anthropic()``), instances of the module's
  classes (``settings = Settings()``) and string values (constants, class-field and
  settings-field defaults, ``os.getenv("X", "default")``);
* re-exports: names the module imports from other modules of the repository (an
  ``__init__.py`` that re-exports ``generate`` from ``.service``).

Verdicts and short names only: no syntax tree, and never a credential — a value that
redaction would change (a key-shaped literal) is left out.
"""

from __future__ import annotations

import ast
from typing import Any

from ..analysis import RESPONSE
from ..analysis.facts import Facts
from ..analysis.imports import Resolver, call_arg, env_var_name
from ..analysis.propagation import _MESSAGE_CLASS, CONTENT_BUILTINS, CONTENT_FUNCTIONS, CONTENT_METHODS
from ..analysis.remote import Place, RemoteClass, RemoteClient, RemoteFunction, RemoteRegion, dotted_name
from ..analysis.syntax import literal_texts, tree_nodes, walk_list
from ..analysis.values import CONSTANT, ENV, ENV_DEFAULT, EXPRESSION, LITERAL
from ..model import ClientKind
from ..surface import HTTP_CLIENTS, WRAPPER_REQUEST_METHODS
from ..surface.places import BEDROCK, WRAPPER_REGIONS
from ..textsafe import redact

#: a summary's format: bumped when its fields change (old cache entries are then ignored)
FORMAT = 10
#: the longest string value a summary keeps (a region, a model id, a URL)
MAX_VALUE = 200

Json = dict[str, Any]


def _place(path: str, node: ast.AST) -> list[Any]:
    line = getattr(node, "lineno", 0)
    return [path, line, getattr(node, "end_lineno", line) or line]


#: the boto3 client whose region a summary keeps (its construction alone does not show
#: Claude: the module using it with a Claude model id judges it)
BOTO3_RUNTIME = "boto3 bedrock-runtime client"
#: value sources a region record keeps (see :class:`~claude_lint.analysis.remote.RemoteRegion`)
_REGION_SOURCES = (LITERAL, CONSTANT, EXPRESSION, ENV_DEFAULT, ENV)


def client_json(path: str, info: Any, facts: Facts | None = None) -> Json | None:
    """A client or wrapper object as a summary entry; ``call``: a langchain chain or model
    that sends its inputs when called (``chain(inputs)``), as :meth:`Facts.callable_object`
    says (``facts`` given)."""
    if info is None or (info.kind is None and info.name not in HTTP_CLIENTS) or info.name in HTTP_CLIENTS:
        return None
    remote = info.remote
    region: Json | None = None
    if isinstance(remote, RemoteClient):
        place = [remote.place.path, remote.place.line, remote.place.end_line]
        region = region_json(remote.region)
    elif remote is not None:
        return None
    else:
        place = _place(path, info.constructor)
        if facts is not None and info.name == BOTO3_RUNTIME:
            region = _region_of(facts, path, info.constructor)
    return {
        "t": "client",
        "name": info.name,
        "kind": info.kind.value if isinstance(info.kind, ClientKind) else None,
        "wrapper": bool(info.wrapper),
        "at": place,
        "call": bool(facts is not None and facts.callable_object(info)),
        "region": region,
    }


def region_json(region: RemoteRegion | None) -> Json | None:
    if region is None:
        return None
    return {"source": region.source, "value": region.value, "name": region.name, "at": _at(region.place)}


def _region_of(facts: Facts, path: str, ctor: ast.Call) -> Json | None:
    """The region a ``boto3.client("bedrock-runtime", …)`` construction is given: a known
    value (a literal, a constant, the default of ``os.getenv("X", "us-east-1")``, through a
    parameter's default too), an environment variable, or none at all."""
    ri = WRAPPER_REGIONS[("boto3", BEDROCK)]
    arg: ast.expr | None = None
    for spec in ri.args:
        arg = call_arg(ctor, spec if isinstance(spec, str) else None, spec if isinstance(spec, int) else None)
        if arg is not None:
            break
    if arg is None:
        if any(kw.arg is None for kw in ctor.keywords) or any(isinstance(a, ast.Starred) for a in ctor.args):
            return None
        if call_arg(ctor, "endpoint_url") is not None:
            return None  # the endpoint decides
        return {"source": "", "value": None, "name": "", "at": _place(path, ctor)}
    o = facts.value_origin(arg)
    if o.source not in _REGION_SOURCES or (o.source != ENV and _safe(o.value) is None):
        return None
    where = o.literal if o.literal is not None else arg
    return {"source": o.source, "value": _safe(o.value), "name": o.via or o.name or "", "at": _place(path, where)}


def _at(place: Place) -> list[Any]:
    return [place.path, place.line, place.end_line]


def remote_json(item: RemoteClient | RemoteFunction | None, depth: int = 0) -> Json | None:
    """A client or function another module's summary holds, as an entry of this one (what a
    class inherits from a base class of another module): the inverse of the index's
    ``to_item`` (verdicts and places only, as read)."""
    if isinstance(item, RemoteClient):
        return {
            "t": "client",
            "name": item.name,
            "kind": item.kind.value if item.kind else None,
            "wrapper": item.wrapper,
            "at": _at(item.place),
            "items": item.items,
            "region": region_json(item.region),
        }
    if isinstance(item, RemoteFunction) and depth < 2:
        inst = item.returns_instance
        return {
            "t": "function",
            "name": item.name,
            "params": list(item.params),
            "content": list(item.content_params),
            "kind": item.kind.value if item.kind else None,
            "req": _at(item.request) if item.request else None,
            "resp": item.returns_response,
            "client": remote_json(item.returns_client),
            "method": item.method,
            "inst": None if inst is None else _class_json(inst, depth + 1),
            "rtext": list(item.request_texts),
        }
    return None


def _class_json(klass: RemoteClass, depth: int) -> Json:
    return {
        "t": "class",
        "name": klass.name,
        "at": _at(klass.place),
        "methods": {n: remote_json(m, depth) for n, m in klass.methods},
        "fields": {
            n: {"t": "value", "value": v.value, "name": v.name, "at": _at(v.place), "env": v.env}
            for n, v in klass.fields
        },
        "clients": {n: remote_json(c) for n, c in klass.clients},
    }


def _inherit(facts: Facts, node: ast.ClassDef, entry: Json) -> None:
    """What a class inherits from a base class of another module of the repository (its
    methods that concern Claude, its client attributes, its field defaults), where it does
    not define the name itself."""
    remote = facts.remote
    if remote is None:
        return
    for b in node.bases:
        dotted = dotted_name(b)
        item = remote.resolve(dotted) if dotted is not None else None
        if not isinstance(item, RemoteClass):
            continue
        own = {s.name for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
        base = _class_json(item, 0)
        for name, m in base["methods"].items():
            if name not in own and m is not None:
                entry["methods"].setdefault(name, m)
        for name, c in base["clients"].items():
            if c is not None:
                entry["clients"].setdefault(name, c)
        for name, v in base["fields"].items():
            entry["fields"].setdefault(name, v)


def _safe(value: str | None) -> str | None:
    if value is None or len(value) > MAX_VALUE or redact(value) != value:
        return None
    return value


def _value_json(facts: Facts, path: str, name: str, expr: ast.AST) -> Json | None:
    origin = facts.value_origin(expr)
    value = _safe(origin.value)
    if value is None:
        return None
    if origin.source in (LITERAL, EXPRESSION, CONSTANT):
        return {"t": "value", "value": value, "name": name, "at": _place(path, expr), "env": ""}
    if origin.source == ENV_DEFAULT:
        return {"t": "value", "value": value, "name": name, "at": _place(path, expr), "env": origin.name}
    return None


def light_value(resolver: Resolver, path: str, name: str, expr: ast.AST) -> Json | None:
    """:func:`_value_json` for a module that does not concern Claude, from the light
    resolver alone (literals, module constants, ``os.getenv("X", "default")``)."""
    value = _safe(resolver.string_value(expr))
    if value is not None:
        return {"t": "value", "value": value, "name": name, "at": _place(path, expr), "env": ""}
    env = env_var_name(expr, resolver)
    if env is not None and env[1] is not None:
        default = _safe(resolver.string_value(env[1]))
        if default:
            return {"t": "value", "value": default, "name": name, "at": _place(path, expr), "env": env[0]}
    return None


#: the longest prompt text a summary keeps (the start of a long template)
MAX_PROMPT = 8000
#: calls that build a prompt template from their first argument (or ``template=``)
_TEMPLATE_BUILDERS = ("PromptTemplate", "from_template", "ChatPromptTemplate")


def prompt_json(resolver: Resolver, path: str, name: str, expr: ast.AST) -> Json | None:
    """A module-level prompt text too long to be a value (:data:`MAX_VALUE`): a string built
    from literals and constants, or a prompt template built from one; redacted, its first
    :data:`MAX_PROMPT` characters."""
    if isinstance(expr, ast.Call):
        f = expr.func
        called = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if called not in _TEMPLATE_BUILDERS:
            return None
        arg = next((kw.value for kw in expr.keywords if kw.arg == "template"), expr.args[0] if expr.args else None)
        text = resolver.string_value(arg)
    else:
        text = resolver.string_value(expr)
    if text is None or (len(text) <= MAX_VALUE and not isinstance(expr, ast.Call)):
        return None
    return {"t": "prompt", "text": redact(text[:MAX_PROMPT]), "name": name, "at": _place(path, expr)}


#: the shortest literal text of a prompt builder worth keeping
_MIN_BUILDER_TEXT = 20


def builder_prompt(resolver: Resolver, path: str, fn: ast.AST) -> Json | None:
    """A top-level function that returns a prompt built around its arguments (``return
    f"Extract the diagnoses from this medical record: {text}"``): the literal text of its
    returned templates (f-string parts, ``"...".format(...)`` receivers, string constants
    and ``+``), redacted and bounded, as a prompt text read for its instructions."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    parts: list[str] = []
    local: dict[str, list[ast.expr]] = {}  # ``prompt = f"..."; return prompt``
    returns: list[ast.Return] = []
    for node in walk_list(fn):  # one walk for both (a function per module, in every summary)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            local.setdefault(node.targets[0].id, []).append(node.value)
        elif isinstance(node, ast.Return):
            returns.append(node)
    if not returns:
        return None

    def text_of(e: ast.AST | None, follow: bool = True) -> None:
        if isinstance(e, ast.Constant) and isinstance(e.value, str):
            parts.append(e.value)
        elif isinstance(e, ast.JoinedStr):
            parts.extend(v.value for v in e.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        elif isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
            text_of(e.left)
            text_of(e.right)
        elif isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr == "format":
            text_of(e.func.value)
        elif isinstance(e, ast.Name):
            value = resolver.string_value(e)
            if value is not None:
                parts.append(value)
            elif follow and len(local.get(e.id, ())) == 1:
                text_of(local[e.id][0], follow=False)

    for node in returns:  # in walk order
        text_of(node.value)
        if sum(map(len, parts)) > MAX_PROMPT:
            break
    text = " ".join(" ".join(parts).split())
    if len(text) < _MIN_BUILDER_TEXT:
        return None
    return {"t": "prompt", "text": redact(text[:MAX_PROMPT]), "name": fn.name, "at": _place(path, fn)}


#: content arguments that are not instructions (tool schemas)
_NOT_TEXT = frozenset({"tools", "toolConfig", "extra_body"})
#: the flow states a request's texts are collected from
_TEXT_STATES = 1000


def request_texts(facts: Facts, exprs: list[ast.expr]) -> list[str]:
    """The literal texts (string constants, f-string parts, dict keys) that reach ``exprs``,
    the content of one request, following the module's data flow without widening a
    parameter to its callers (as health data by context reads a request's instructions);
    redacted, :data:`MAX_PROMPT` characters in all."""
    out: list[str] = []
    size = 0
    for node in facts.reaching(exprs, _TEXT_STATES):
        for _at, text in literal_texts(node):
            if text.strip() and size < MAX_PROMPT:
                text = redact(text[: MAX_PROMPT - size])
                out.append(text)
                size += len(text)
        if size >= MAX_PROMPT:
            break
    return out


def _field_default(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """``x = "v"``, ``x: str = "v"``, ``x: str = Field(default="v")`` / ``Field("v")``."""
    target: ast.expr | None = None
    value: ast.expr | None = None
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign):
        target, value = stmt.target, stmt.value
    if not isinstance(target, ast.Name) or value is None:
        return None
    if isinstance(value, ast.Call) and getattr(value.func, "id", getattr(value.func, "attr", "")) == "Field":
        for kw in value.keywords:
            if kw.arg == "default":
                return target.id, kw.value
        if value.args:
            return target.id, value.args[0]
        return None
    return target.id, value


def function_entry(name: str, node: ast.FunctionDef | ast.AsyncFunctionDef, inst: Json | None = None) -> Json:
    """A function's summary entry before anything is known of it (``inst``: the class of the
    instance it returns); a method when ``name`` is ``Class.m`` and its first parameter is
    ``self``/``cls``."""
    params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    return {
        "t": "function",
        "name": name,
        "params": params,
        "content": [],
        "kind": None,
        "req": None,
        "resp": False,
        "client": None,
        "method": "." in name and bool(params) and params[0] in ("self", "cls"),
        "inst": inst,
    }


class _Builder:
    def __init__(self, facts: Facts, tree: ast.Module, path: str) -> None:
        self.f = facts
        self.tree = tree
        self.path = path
        #: top-level functions and methods of top-level classes: node -> "name" / "Class.name"
        self.owners: dict[ast.AST, str] = {}
        self.fn: dict[str, Json] = {}
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.owners[stmt] = stmt.name
            elif isinstance(stmt, ast.ClassDef):
                for sub in stmt.body:
                    if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.owners[sub] = f"{stmt.name}.{sub.name}"
        self.params: dict[int, tuple[ast.AST, str]] = {}
        for node in self.owners:
            assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                if a.arg not in ("self", "cls"):
                    self.params[id(a)] = (node, a.arg)
        #: the owners with a parameter of their own (``self``/``cls`` aside)
        self.with_params = {id(node) for node, _name in self.params.values()}
        #: id(function entry) -> the request it sends itself (its ``req``)
        self.sent: dict[int, Any] = {}

    def entry(self, node: ast.AST) -> Json:
        name = self.owners[node]
        found = self.fn.get(name)
        if found is None:
            assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            found = self.fn[name] = function_entry(name, node)
        return found

    def owner_of(self, node: ast.AST) -> ast.AST | None:
        line = getattr(node, "lineno", 0)
        best: ast.AST | None = None
        best_line = -1
        for fn in self.owners:
            start = getattr(fn, "lineno", 0)
            if start <= line <= (getattr(fn, "end_lineno", 0) or 0) and start > best_line:
                best, best_line = fn, start
        return best

    def source(self, node: ast.AST) -> frozenset[str]:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            _a, _i, _scope, param = self.f.lookup_at(node)
            if param is not None and id(param) in self.params:
                return frozenset({str(id(param))})
        return frozenset()

    def lookup(self, node: ast.AST) -> bool:
        """A ``stop`` for the content parameters: a call that is not known to hand back the
        content of its arguments (``parse_patient_record(patient_name)``, a database query,
        a method of an object of another module).  Its argument is a key, not content, so a
        caller passing it is not sending it to Claude.  Calls of the module's own functions
        and methods, string and container operations, ``json.dumps`` and message
        constructors keep their content."""
        if not isinstance(node, ast.Call):
            return False
        f = self.f
        func = node.func
        if f.callee(node) is not None:
            return False
        if passes_text(f, node):
            return False  # a text helper of another module returning (a transform of) its argument
        if isinstance(func, ast.Name):
            return not (func.id in CONTENT_BUILTINS or _MESSAGE_CLASS.search(func.id))
        if isinstance(func, ast.Attribute):
            if func.attr in CONTENT_METHODS or _MESSAGE_CLASS.search(func.attr):
                return False
            return f.r.qualname(func) not in CONTENT_FUNCTIONS
        return True

    def requests(self) -> None:
        f = self.f
        for node in tree_nodes(self.tree):  # ast.walk's order, the list the analysis shares
            if not isinstance(node, ast.Call):
                continue
            req = f.claude_request(node)
            if req is None or (req.client is not None and req.client.maybe):
                continue  # a "may be Claude" model is judged in its own module only
            kind = f.request_provider(req)
            place = _place(self.path, node)
            remote = req.client.remote if req.client is not None else None
            if isinstance(remote, RemoteFunction) and remote.request is not None:
                there = remote.request  # the request a helper of another module sends
                place = [there.path, there.line, there.end_line]
            owner = self.owner_of(node)
            if owner is not None:
                e = self.entry(owner)
                if e["req"] is None:
                    e["req"], e["kind"] = place, kind.value if kind else None
                    if not isinstance(remote, RemoteFunction):
                        self.sent[id(e)] = req
            for _name, expr in f.request_content(req):
                for label in f.labels(expr, self.source, stop=self.lookup):
                    fn, param = self.params[int(label)]
                    e = self.entry(fn)
                    if param not in e["content"]:
                        e["content"].append(param)
                    if e["req"] is None:
                        e["req"], e["kind"] = place, kind.value if kind else None

    def request_texts(self) -> None:
        """``rtext`` of the functions that send content of their parameters to Claude
        themselves: the literal texts reaching that request (:func:`request_texts`)."""
        for e in self.fn.values():
            req = self.sent.get(id(e))
            if req is not None and e["content"]:
                exprs = [
                    x for n, x in (*self.f.request_content(req), *self.f.request_templates(req)) if n not in _NOT_TEXT
                ]
                texts = request_texts(self.f, exprs)
                if texts:
                    e["rtext"] = texts

    def vias(self, class_nodes: dict[str, ast.ClassDef]) -> None:
        """Requests through an object the class is given: ``self.chain(inputs)`` or
        ``self.llm.invoke(prompt)`` where ``self.chain``/``self.llm`` only ever holds a
        parameter of ``__init__`` and the call is not a Claude request here (the object
        comes from the class's callers, in other modules).  Each is a ``via`` of the method:
        the ``__init__`` parameter (name and position), the method called, the place and the
        method's parameters that reach the call's arguments.  A caller that builds the
        instance with a Claude chain or model for that parameter sends them to Claude
        (:meth:`Facts.forwarded_request`)."""
        f = self.f
        for klass in class_nodes.values():
            init = f.methods.get((klass, "__init__"))
            if not isinstance(init, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            init_params = [a.arg for a in (*init.args.posonlyargs, *init.args.args)][1:]
            init_scope = f.scopes.get(init)
            given: dict[str, str] = {}  # attribute -> the __init__ parameter it holds
            for attr, values in f.class_attrs.get(klass, {}).items():
                names = {v.id for v, sc in values if isinstance(v, ast.Name) and sc is init_scope}
                if len(names) == 1 and len(values) == 1 and next(iter(names)) in init_params:
                    given[attr] = next(iter(names))
            if not given:
                continue
            for node in ast.walk(klass):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                recv, method = (func, "__call__")
                if isinstance(func, ast.Attribute) and func.attr in WRAPPER_REQUEST_METHODS:
                    recv, method = func.value, func.attr
                if not (
                    isinstance(recv, ast.Attribute)
                    and isinstance(recv.value, ast.Name)
                    and recv.value.id == "self"
                    and recv.attr in given
                ):
                    continue
                owner = self.owner_of(node)
                if owner is None or owner is init or _sure_request(f, node):
                    continue
                content: list[str] = []
                for a in (*node.args, *(kw.value for kw in node.keywords)):
                    for label in f.labels(a, self.source, stop=self.lookup):
                        fn, param = self.params[int(label)]
                        if fn is owner and param not in content:
                            content.append(param)
                param = given[recv.attr]
                self.entry(owner).setdefault("via", []).append(
                    {
                        "param": param,
                        "index": init_params.index(param),
                        "call": method,
                        "req": _place(self.path, node),
                        "content": content,
                    }
                )

    def returns(self, classes: dict[str, Json]) -> None:
        f = self.f
        for fn, _name in self.owners.items():
            rets = f.scopes[fn].returns if fn in f.scopes else []
            if not rets:
                continue
            e = self.fn.get(self.owners[fn])
            if e is not None and e["req"] is not None:
                # the response (or its text) itself; a dict built around it (``{"text": ...,
                # "model_id": ..., "usage": ...}``) is not: which of its keys callers read is
                # not known here, and most are metadata
                e["resp"] = any(
                    RESPONSE in f.labels(r, f.response_source, stop=f.response_stop)
                    for r in rets
                    if not isinstance(f.mapping(r), ast.Dict)
                )
                if not e["resp"]:
                    self.response_keys(e, rets)
            self.passes(fn, rets)
            for r in rets:
                made = client_json(self.path, f.client(r) or f.content_client(r), f)
                if made is not None:
                    self.entry(fn)["client"] = made
                    break
                made_class = r.func.id if isinstance(r, ast.Call) and isinstance(r.func, ast.Name) else ""
                if made_class == "cls" and "." in self.owners[fn]:  # an alternative constructor
                    made_class = self.owners[fn].split(".", 1)[0]
                if made_class in classes:
                    self.entry(fn)["inst"] = made_class
                    break

    def response_keys(self, e: Json, rets: list[ast.expr]) -> None:
        """For a function returning a dict built around the response (``{"content": text,
        "usage": ..., "stop_reason": ...}``, ``{**parsed_reply, "_tokens": n}``): the keys
        whose value is the response or its text (``rkeys``), and for a ``**`` spread of it
        every other key (``rrest``) but the ones written out beside it (``rother``)."""
        f = self.f
        keys: list[str] = []
        other: list[str] = []
        rest = False
        for r in rets:
            m = f.mapping(r)
            if not isinstance(m, ast.Dict):
                continue
            for k, v in zip(m.keys, m.values):
                held = RESPONSE in f.labels(v, f.response_source, stop=f.response_stop)
                name = f.r.string_value(k) if k is not None else None
                if k is None:
                    rest = rest or held
                elif name is not None:
                    (keys if held else other).append(name)
        if keys or rest:
            e["rkeys"] = sorted(set(keys))
            e["rother"] = sorted(set(other) - set(keys))
            e["rrest"] = rest

    def passes(self, fn: ast.AST, rets: list[ast.expr]) -> None:
        """The parameters of ``fn`` whose value it returns, whole or transformed by string,
        container or JSON operations (``return json.loads(response_text)``): a caller in
        another module passing a response (or a prompt) gets it back."""
        if id(fn) not in self.with_params:
            return  # its returns can reach no parameter of its own (a top-level scope sees no other's)
        found: list[str] = []
        for r in rets:
            for label in self.f.labels(r, self.source, stop=self.lookup):
                owner, param = self.params[int(label)]
                if owner is fn and param not in found:
                    found.append(param)
        if found:
            self.entry(fn)["pass"] = found


def light_class(resolver: Resolver, path: str, node: ast.ClassDef, names: dict[str, Json]) -> Json | None:
    """For a values-only summary: a class's field defaults (a literal, a module constant,
    ``os.getenv("X", "default")``, or a member of an enum class defined above it:
    ``writer_provider: WriterProvider = WriterProvider.ANTHROPIC`` → ``"anthropic"``) and its
    alternative constructors (a ``@classmethod`` every ``return`` of which builds ``cls(...)``:
    langgraph's ``Configuration.from_runnable_config(config)``), whose instance has those
    defaults unless the run's configuration overrides them.  None when it has no field."""
    fields: Json = {}
    for sub in node.body:
        fd = _field_default(sub)
        if fd is None:
            continue
        v = light_value(resolver, path, f"{node.name}.{fd[0]}", fd[1])
        if v is None:
            v = _member_value(names, path, f"{node.name}.{fd[0]}", fd[1])
        if v is not None:
            fields[fd[0]] = v
    if not fields:
        return None
    entry: Json = {"t": "class", "name": node.name, "at": _place(path, node), "methods": {}, "fields": fields}
    entry["clients"] = {}
    instance = {**entry, "methods": {}}
    for sub in node.body:
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)) and _builds_cls(sub):
            entry["methods"][sub.name] = function_entry(f"{node.name}.{sub.name}", sub, inst=instance)
    return entry


def _member_value(names: dict[str, Json], path: str, name: str, expr: ast.expr) -> Json | None:
    """``Enum.MEMBER`` where ``Enum`` is a class summarised above with the field ``MEMBER``:
    the member's value (an enum member stands for its value wherever langchain or the SDKs
    read a provider or model name: ``get_config_value(member)`` → ``member.value``)."""
    if not (isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name)):
        return None
    klass = names.get(expr.value.id)
    member = (klass.get("fields") or {}).get(expr.attr) if klass and klass.get("t") == "class" else None
    if member is None or member.get("env"):
        return None
    return {"t": "value", "value": member["value"], "name": name, "at": _place(path, expr), "env": ""}


def _builds_cls(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A classmethod every ``return`` of which is ``cls(...)`` (an alternative constructor)."""
    if not any(isinstance(d, ast.Name) and d.id == "classmethod" for d in fn.decorator_list):
        return False
    rets = [n for n in ast.walk(fn) if isinstance(n, ast.Return)]
    return bool(rets) and all(
        isinstance(r.value, ast.Call) and isinstance(r.value.func, ast.Name) and r.value.func.id == "cls" for r in rets
    )


def passes_text(facts: Facts, call: ast.Call) -> bool:
    """Whether a call runs a function of another module of the repository that hands back
    (a transform of) an argument — a Claude helper returning its prompt, or a text helper of
    a module that does not concern Claude (``string_utils.remove_excess_whitespace(text)``)."""
    if facts.remote is None:
        return False
    dotted = dotted_name(call.func)
    item = facts.remote.resolve(dotted, values=True) if dotted is not None else None
    if not isinstance(item, RemoteFunction):
        item = facts.remote_function(call)
    return item is not None and bool(item.passes)


#: string methods and functions that hand back a transform of the text they are given
_TEXT_METHODS = frozenset(
    "strip lstrip rstrip lower upper casefold title capitalize replace removeprefix removesuffix "
    "expandtabs split splitlines join format".split()
)
_TEXT_FUNCTIONS = frozenset({"re.sub", "textwrap.dedent", "textwrap.fill", "html.unescape", "unicodedata.normalize"})


def text_transform(fn: ast.AST, resolver: Resolver) -> list[str]:
    """For a values-only summary: the parameters a top-level function hands back as text,
    whole or through string operations only (``return " ".join(text.split())``,
    ``re.sub(r"\\s+", " ", text).strip()``) — a caller's content passes through it.  Empty for
    any other function (one ``return`` of something else is enough)."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
    local: dict[str, list[ast.expr]] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            local.setdefault(node.targets[0].id, []).append(node.value)
    found: list[str] = []

    def derives(e: ast.AST | None, depth: int = 0) -> bool:
        if e is None or depth > 8:
            return False
        if isinstance(e, ast.Name):
            if e.id in params and e.id not in local:
                found.append(e.id)
                return True
            values = local.get(e.id, [])
            return len(values) == 1 and derives(values[0], depth + 1)
        if isinstance(e, ast.JoinedStr):
            return any(derives(v.value, depth + 1) for v in e.values if isinstance(v, ast.FormattedValue))
        if isinstance(e, ast.Call):
            f = e.func
            if isinstance(f, ast.Attribute) and f.attr in _TEXT_METHODS:
                receiver = derives(f.value, depth + 1)
                literal = resolver.string_value(f.value) is not None
                return (receiver or literal) and (receiver or any(derives(a, depth + 1) for a in e.args))
            if (resolver.qualname(f) or "") in _TEXT_FUNCTIONS:
                return any(derives(a, depth + 1) for a in e.args)
        return False

    rets = [n.value for n in ast.walk(fn) if isinstance(n, ast.Return)]
    if not rets or not all(derives(r) for r in rets):
        return []
    return list(dict.fromkeys(found))


def factory_entry(stmt: ast.stmt, classes: dict[str, Json]) -> Json | None:
    """For a values-only summary: a module-level function whose every ``return`` builds an
    instance of one of ``classes`` with no argument (FastAPI's ``@lru_cache def
    get_settings(): return Settings()``), as a function entry returning that instance."""
    if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    rets = [n for n in ast.walk(stmt) if isinstance(n, ast.Return)]
    made = {
        r.value.func.id
        for r in rets
        if isinstance(r.value, ast.Call) and isinstance(r.value.func, ast.Name) and not r.value.args
    }
    if not rets or len(made) != 1 or len(rets) != sum(1 for r in rets if isinstance(r.value, ast.Call)):
        return None
    klass = classes.get(next(iter(made)))
    if klass is None:
        return None
    return function_entry(stmt.name, stmt, inst=klass)  # a module function: never a method


def build(facts: Facts, tree: ast.Module, path: str, imports: dict[str, list[Any]]) -> Json:
    """The summary of a module (see the module docstring); ``imports``: the names it
    imports from other modules of the repository (local name → [path, attribute])."""
    b = _Builder(facts, tree, path)
    names: dict[str, Json] = {}
    class_nodes = {s.name: s for s in tree.body if isinstance(s, ast.ClassDef)}
    classes: dict[str, Json] = {
        name: {"t": "class", "name": name, "at": _place(path, node), "methods": {}, "fields": {}, "clients": {}}
        for name, node in class_nodes.items()
    }
    b.requests()
    b.request_texts()
    b.vias(class_nodes)
    b.returns(classes)
    for name, node in class_nodes.items():
        c = classes[name]
        for stmt in node.body:
            fd = _field_default(stmt)
            if fd is not None:
                v = _value_json(facts, path, f"{name}.{fd[0]}", fd[1])
                if v is not None:
                    c["fields"][fd[0]] = v
        for attr, values in facts.class_attrs.get(node, {}).items():
            for value, _scope in values:
                made = client_json(path, facts.client(value) or facts.content_client(value), facts)
                if made is not None:
                    c["clients"][attr] = made
                    break
        _inherit(facts, node, c)
    for qual, e in b.fn.items():
        if "." in qual:
            cname, mname = qual.split(".", 1)
            classes[cname]["methods"][mname] = e
        else:
            names[qual] = e
    for e in list(b.fn.values()):
        if e["inst"] is not None:
            e["inst"] = classes.get(e["inst"])
    # a method returning an instance of its own class (a builder) or of a class returning
    # this one makes the entries a cycle: each instance entry becomes a copy a few levels
    # deep, so the summary is a tree (JSON for the cache, bounded reads)
    for e in list(b.fn.values()):
        if e["inst"] is not None:
            e["inst"] = _cut(e["inst"], _INSTANCE_DEPTH)
    for stmt in tree.body:
        fd = _field_default(stmt) if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
        if fd is None:
            continue
        target = ast.Name(id=fd[0])
        value = stmt.value  # type: ignore[attr-defined]
        made = client_json(path, facts.client(value) or facts.content_client(value), facts)
        if made is not None:
            names[target.id] = made
            continue
        if isinstance(value, ast.Dict):  # ``CLIENTS = {"eu": Anthropic(...), …}``
            made = next(
                (
                    m
                    for v in value.values
                    if (m := client_json(path, facts.client(v) or facts.content_client(v), facts))
                ),
                None,
            )
            if made is not None:
                names[target.id] = {**made, "items": True}
                continue
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            if value.func.id in classes:
                names[target.id] = {"t": "instance", "class": classes[value.func.id]}
                continue
            fn = names.get(value.func.id)
            if fn is not None and fn.get("inst"):
                names[target.id] = {"t": "instance", "class": fn["inst"]}
                continue
        v = _value_json(facts, path, target.id, value)
        if v is not None and target.id in facts.r.constants:
            names[target.id] = v
            continue
        p = prompt_json(facts.r, path, target.id, value)
        if p is not None:
            names[target.id] = p
    for name, c in classes.items():
        if c["methods"] or c["fields"] or c["clients"]:
            names.setdefault(name, c)
    for owner, qual in b.owners.items():  # prompt builders: functions and methods returning a template
        p = builder_prompt(facts.r, path, owner)
        if p is None:
            continue
        if qual in b.fn:
            b.fn[qual]["text"] = p["text"]
        elif "." not in qual:
            names.setdefault(qual, p)
        else:
            cname, mname = qual.split(".", 1)
            e = b.entry(owner)
            e["text"] = p["text"]
            classes[cname]["methods"][mname] = e
            names.setdefault(cname, classes[cname])
    return {"format": FORMAT, "names": names, "imports": imports}


#: dict levels kept of an instance's class inside a function entry (class, methods, method,
#: its instance's class …): two hops of "returns an instance of"
_INSTANCE_DEPTH = 8


def _cut(obj: object, depth: int) -> object:
    """A copy of a summary entry ``depth`` container levels deep: an entry (a dict with a
    ``"t"`` kind) deeper than that is None; places, parameter lists and other plain data
    are copied whole (they hold no entries, so no cycle)."""
    if isinstance(obj, dict):
        if depth <= 0 and "t" in obj:
            return None
        return {k: _cut(v, depth - 1) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_cut(v, depth - 1) for v in obj]
    return obj


def _sure_request(f: Facts, node: ast.Call) -> bool:
    """A Claude request, not one on a model that only may be Claude (``ClientInfo.maybe``)."""
    req = f.claude_request(node)
    return req is not None and not (req.client is not None and req.client.maybe)
