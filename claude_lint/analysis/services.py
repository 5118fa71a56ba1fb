"""Service code: where a program's standard output is a log.

``print()`` in a tutorial script or a notebook shows a value to the person running it; the
same ``print()`` in a web handler, a Lambda or a queue worker writes to the service's log
(the container's stdout, CloudWatch, Cloud Logging), which is retained and shipped like any
log.  :func:`service_code` decides, per module, which code runs as a service:

* **entry points** — functions decorated as web routes or views (``@app.route``,
  ``@app.get``/``post``/…, ``@router.<method>``, ``@bp.route``, ``@app.websocket``,
  ``@api_view``) in a module that imports a web framework (Flask, FastAPI, Starlette,
  Quart, Sanic, aiohttp, Litestar, Django, Django REST framework); functions registered as
  handlers (``add_url_rule(..., view_func=f)``, ``add_api_route(path, f)``,
  ``Route(path, f)``, ``path(..., f)``); methods of class-based views (a class whose base
  ends in ``View``, ``ViewSet``, ``Resource`` or ``HTTPEndpoint``); Django function views
  (first parameter ``request`` in a module that imports Django); AWS Lambda handlers
  (a module-level function whose first two parameters are ``event`` and ``context``, or a
  function named ``lambda_handler``); Cloud Functions (``@functions_framework.http``,
  ``@functions_framework.cloud_event``); worker tasks (``@app.task``, ``@shared_task``,
  ``@celery.task``, ``@dramatiq.actor``, ``@job`` of rq, ``@huey.task``,
  ``@broker.task``);
* **whole modules** — a module that starts a server (``uvicorn.run``, ``app.run``,
  ``serve_forever``, ``web.run_app``, ``waitress.serve``, ``hypercorn``, a Gradio
  ``.launch()``), anywhere in it, ``__main__`` block included; and a Streamlit app (a module
  that imports ``streamlit``): ``st.write`` is the page, but ``print`` goes to the server's
  log (``streamlit run``'s stdout, Streamlit Cloud's logs);
* **what they call in the same module** — module functions and methods reached from an
  entry point through the module's call graph (a helper called from a route is service
  code), nested functions of service code, and the module-level code of a module that has
  entry points (it runs in the server process at import), except its
  ``if __name__ == "__main__":`` block.

Everything else — scripts, notebooks, examples, CLI tools — writes its standard output to
the person who runs it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .syntax import terminal_name, tree_nodes

if TYPE_CHECKING:
    from .scopes import ScopesMixin

#: top-level packages whose route decorators make a function a web entry point
WEB_FRAMEWORKS = frozenset(
    {
        "flask",
        "fastapi",
        "starlette",
        "quart",
        "sanic",
        "aiohttp",
        "litestar",
        "django",
        "rest_framework",
        "falcon",
        "bottle",
        "tornado",
        "fasthtml",
        "robyn",
        "chalice",
    }
)
#: top-level packages of task queues and serverless frameworks
WORKER_FRAMEWORKS = frozenset(
    {"celery", "dramatiq", "rq", "huey", "arq", "taskiq", "functions_framework", "aws_lambda_powertools", "mangum"}
)
#: decorator methods that register a route or view
ROUTE_DECORATORS = frozenset(
    {
        "route",
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "head",
        "options",
        "websocket",
        "api_route",
        "websocket_route",
        "api_view",
        "view",
        "endpoint",
        "trace",
    }
)
#: decorator names that register a worker task or a serverless function
TASK_DECORATORS = frozenset(
    {"task", "shared_task", "actor", "job", "periodic_task", "cron", "http", "cloud_event", "lambda_handler", "handler"}
)
#: calls that register a function given as an argument as a handler
REGISTRATIONS = frozenset(
    {
        "add_url_rule",
        "add_api_route",
        "add_websocket_route",
        "add_route",
        "Route",
        "WebSocketRoute",
        "path",
        "re_path",
        "url",
        "add_get",
        "add_post",
        "add_api_websocket_route",
    }
)
#: calls that start a server (the receiver is not checked for ``run``: a module that calls
#: ``app.run()`` of a web framework; see :func:`_starts_server`)
SERVER_FUNCTIONS = frozenset(
    {
        "uvicorn.run",
        "hypercorn.asyncio.serve",
        "waitress.serve",
        "aiohttp.web.run_app",
        "gunicorn.app.wsgiapp.run",
        "socketserver.TCPServer",
        "http.server.HTTPServer",
        "http.server.ThreadingHTTPServer",
        "wsgiref.simple_server.make_server",
    }
)
_VIEW_BASES = ("View", "ViewSet", "Resource", "HTTPEndpoint", "WebSocketEndpoint", "Consumer")
_LAMBDA_NAMES = frozenset({"lambda_handler", "handler"})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class ServiceCode:
    """Which code of one module runs as a service (see :func:`service_code`)."""

    #: the whole module is service code (a server or a Streamlit app)
    whole_module: bool = False
    #: why, for messages: "a Flask route", "a Lambda handler", "a module that starts a server"
    reason: str = ""
    #: functions (by id) that are service code, with the reason
    functions: dict[int, str] = field(default_factory=dict)
    #: the module-level statements (outside ``if __name__ == "__main__":``) are service code
    module_level: bool = False


def _imported_roots(facts: ScopesMixin) -> set[str]:
    roots: set[str] = set()
    for q in facts.r.aliases.values():
        roots.add(q.split(".", 1)[0])
    for node in facts.tree.body:
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".", 1)[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".", 1)[0])
    return roots


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    parts = [stmt.test.left, *stmt.test.comparators]
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    consts = {p.value for p in parts if isinstance(p, ast.Constant)}
    return "__name__" in names and "__main__" in consts


def _decorator_kind(facts: ScopesMixin, deco: ast.expr, roots: set[str]) -> str | None:
    """What a decorator makes of the function: "route", "task" or None."""
    target = deco.func if isinstance(deco, ast.Call) else deco
    q = facts.r.qualname(target) or ""
    name = terminal_name(target) or ""
    root = q.split(".", 1)[0] if q else ""
    if root in WORKER_FRAMEWORKS or name in ("shared_task", "actor", "periodic_task"):
        return "task" if name in TASK_DECORATORS or name in ("actor",) else None
    if name in TASK_DECORATORS and isinstance(target, ast.Attribute) and roots & WORKER_FRAMEWORKS:
        return "task"
    if (
        name in ROUTE_DECORATORS
        and (roots & WEB_FRAMEWORKS)
        and (isinstance(target, ast.Attribute) or root in WEB_FRAMEWORKS)
    ):
        return "route"
    return None


def _params(fn: FunctionNode) -> list[str]:
    return [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]


def _is_lambda_handler(fn: FunctionNode) -> bool:
    params = _params(fn)
    if fn.name == "lambda_handler" and params:
        return True
    return len(params) >= 2 and params[0] in ("event", "_event") and params[1] in ("context", "_context", "ctx")


def _starts_server(facts: ScopesMixin, roots: set[str]) -> bool:
    for node in tree_nodes(facts.tree):
        if not isinstance(node, ast.Call):
            continue
        q = facts.r.qualname(node.func) or ""
        if q in SERVER_FUNCTIONS or q.endswith(".serve_forever") or q.endswith(".run_app"):
            return True
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "serve_forever":
                return True
            if (
                func.attr in ("run", "run_server")
                and roots & (WEB_FRAMEWORKS | {"dash"})
                and isinstance(func.value, ast.Name)
                and func.value.id in ("app", "application", "server")
            ):
                return True
            if func.attr == "launch" and "gradio" in roots:
                return True
    return False


def service_code(facts: ScopesMixin) -> ServiceCode:
    """Which code of the module runs as a service (memoized per file; see the module doc)."""
    found = facts.memo("services.code", lambda: _service_code(facts))
    assert isinstance(found, ServiceCode)
    return found


def _service_code(facts: ScopesMixin) -> ServiceCode:
    roots = _imported_roots(facts)
    if "streamlit" in roots:
        return ServiceCode(whole_module=True, reason="a Streamlit app")
    if _starts_server(facts, roots):
        return ServiceCode(whole_module=True, reason="a module that starts a server")
    out = ServiceCode()
    entry: dict[int, tuple[ast.AST, str]] = {}
    registered: set[str] = set()
    for node in tree_nodes(facts.tree):
        if (
            isinstance(node, ast.Call)
            and terminal_name(node.func) in REGISTRATIONS
            and roots & (WEB_FRAMEWORKS | WORKER_FRAMEWORKS)
        ):
            for a in (*node.args, *(kw.value for kw in node.keywords)):
                if isinstance(a, ast.Name):
                    registered.add(a.id)
    for node in tree_nodes(facts.tree):
        if isinstance(node, ast.ClassDef):
            bases = [terminal_name(b) or "" for b in node.bases]
            if roots & WEB_FRAMEWORKS and any(b.endswith(_VIEW_BASES) for b in bases):
                for stmt in node.body:
                    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        entry[id(stmt)] = (stmt, f"a method of the view class {node.name}")
            continue
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        kinds = {k for d in node.decorator_list if (k := _decorator_kind(facts, d, roots)) is not None}
        if "route" in kinds:
            entry[id(node)] = (node, f"the web handler {node.name}()")
        elif "task" in kinds:
            entry[id(node)] = (node, f"the worker task {node.name}()")
        elif node.name in registered:
            entry[id(node)] = (node, f"the web handler {node.name}()")
        elif node in facts.tree.body and _is_lambda_handler(node):
            entry[id(node)] = (node, f"the Lambda handler {node.name}()")
        elif "django" in roots and node in facts.tree.body and _params(node)[:1] == ["request"]:
            entry[id(node)] = (node, f"the Django view {node.name}()")
    if not entry:
        return out
    out.module_level = True
    # the module's call graph from the entry points (and the module-level code)
    work: list[tuple[ast.AST, str]] = list(entry.values())
    body = [
        s
        for s in facts.tree.body
        if not _is_main_guard(s) and not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]
    for stmt in body:
        for fn in _callees(facts, [stmt]):
            work.append((fn, "called by the module-level code of a service module"))
    while work:
        fn, why = work.pop()
        if id(fn) in out.functions:
            continue
        out.functions[id(fn)] = why
        name = getattr(fn, "name", "")
        for callee in _callees(facts, getattr(fn, "body", [])):
            if id(callee) not in out.functions:
                work.append((callee, f"called from {name}(), {why}" if "called from" not in why else why))
    return out


def _callees(facts: ScopesMixin, stmts: Iterable[ast.AST]) -> Iterable[ast.AST]:
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call):
                fn = facts.callee(node)
                if fn is not None:
                    yield fn
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in facts.functions:
                yield facts.functions[node.id]  # passed as a callback (executor.submit(f), Thread(target=f))


def service_reason(facts: ScopesMixin, node: ast.AST) -> str | None:
    """Why ``node`` runs as a service (its standard output is then a log), or None."""
    code = service_code(facts)
    if code.whole_module:
        return code.reason
    if not code.functions:
        return None
    scope = facts.scope(node)
    fn: ast.AST | None = None
    s = scope
    while s is not None and s.parent is not None:  # innermost function, then its enclosing ones
        if id(s.node) in code.functions:
            return code.functions[id(s.node)]
        fn = s.node
        s = s.parent
    if fn is None and code.module_level:  # module level: outside the __main__ guard
        stmt = facts.statement(node)
        guard = next((s for s in facts.tree.body if _is_main_guard(s)), None)
        if guard is not None and stmt is not None and _inside(stmt, guard):
            return None
        return "the module-level code of a service module"
    return None


def _inside(stmt: ast.stmt, outer: ast.stmt) -> bool:
    start, end = outer.lineno, getattr(outer, "end_lineno", outer.lineno) or outer.lineno
    return start <= stmt.lineno <= end
