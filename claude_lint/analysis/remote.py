"""Facts of other modules of the same repository, as the analysis of one file sees them.

The analysis works on one parsed file.  What another module of the repository defines —
a Claude client bound at module level (``from .llm import client``), a factory that returns
one (``get_client()``), a helper or a wrapper-class method that sends its parameters to
Claude (``generate_with_claude(text)``, ``BedrockClient().invoke_with_retry(prompt)``), a
module constant or a settings field with a default (``from .config import settings;
settings.aws_region``) — reaches it through one hook, :class:`Remote`, set as
``Facts.remote`` by the project index (:mod:`claude_lint.project`).  The hook answers with
the small records below: verdicts and redacted forms computed from that module's own
analysis, never its syntax tree (and never a credential literal).  Without a hook (a file
outside a repository, the analysis tests) nothing changes.

This module only declares the records and the protocol; the index that fills them lives
above the analysis (``claude_lint.project``), so the analysis keeps depending on the
surface and the vocabulary only.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Protocol

from ..model import ClientKind


@dataclass(frozen=True)
class Place:
    """Where, in another module, a fact comes from (a repository-relative path, 1-based line)."""

    path: str
    line: int
    end_line: int = 0


@dataclass(frozen=True)
class RemoteRegion:
    """The region a client built in another module is given there (boto3's ``region_name``),
    for a client whose construction alone does not show Claude: a ``bedrock-runtime`` client
    is judged where it is used with a Claude model id."""

    #: a ValueOrigin source ("literal", "constant", "environment default", "environment");
    #: "" when no region is given (the library's environment and default decide)
    source: str
    value: str | None
    name: str  # the constant or environment variable it comes from, if any
    place: Place  # the value (or, when absent, the construction)


@dataclass(frozen=True)
class RemoteClient:
    """A Claude client or wrapper object built in another module."""

    name: str  # class or wrapper name, e.g. "Anthropic", "ChatAnthropic"
    kind: ClientKind | None
    wrapper: bool
    place: Place  # the construction
    #: a langchain chain or model that sends its inputs when called (``chain(inputs)``)
    callable: bool = False
    #: a container of such clients (``CLIENTS = {"eu": Anthropic(), …}``): an entry of it
    #: (``CLIENTS[region]``) is the client
    items: bool = False
    #: the region it is given (a boto3 ``bedrock-runtime`` client only), if known
    region: RemoteRegion | None = None


@dataclass(frozen=True)
class RemoteVia:
    """A call inside a method of another module on an object the class was given:
    ``self.chain(inputs)`` where ``self.chain`` holds the ``__init__`` parameter ``param``.
    It is a Claude request when the instance was built with a Claude chain or model there."""

    param: str  # the __init__ parameter
    index: int  # its position after ``self``
    call: str  # "__call__" or the method called (``invoke``, ``run`` …)
    request: Place
    #: the method's parameters whose value reaches the call's arguments
    content_params: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemoteFunction:
    """A function or method of another module, as far as Claude is concerned."""

    name: str  # "generate_with_claude" or "BedrockClient.invoke_with_retry"
    #: positional parameter names in order (``self`` included for a method)
    params: tuple[str, ...]
    #: the parameters whose value reaches the content of a Claude request inside it
    content_params: tuple[str, ...] = ()
    #: the provider of that request (None: unknown or a third-party route)
    kind: ClientKind | None = None
    #: the request it reaches (None when it sends nothing to Claude)
    request: Place | None = None
    #: whether it returns the response (or its text) of that request
    returns_response: bool = False
    #: the Claude client it returns (a factory), if any
    returns_client: RemoteClient | None = None
    #: whether ``params[0]`` is bound (a method called on an instance)
    method: bool = False
    #: the class of the instance it returns (``get_settings()`` → ``Settings()``), if any
    returns_instance: RemoteClass | None = None
    #: for a method: its calls on objects given to the class's ``__init__``
    vias: tuple[RemoteVia, ...] = ()
    #: it returns a dict built around the response: the keys holding the reply's text
    #: (``{"content": text, "usage": ...}`` → ``("content",)``), and with ``response_rest``
    #: every key but ``other_keys`` (``{**parsed_reply, "_tokens": n}``)
    response_keys: tuple[str, ...] = ()
    response_rest: bool = False
    other_keys: tuple[str, ...] = ()
    #: the parameters whose value (or a transform of it: ``json.loads(text)``) it returns
    passes: tuple[str, ...] = ()
    #: a prompt builder: the literal text of the template it returns (redacted, bounded)
    prompt: str = ""
    #: the literal texts that reach the content of its request in its own module (its
    #: instructions; redacted, bounded): a caller's rules read them (health data by context
    #: is judged where the request is, once)
    request_texts: tuple[str, ...] = ()

    def response_key(self, key: str) -> bool:
        """Whether item ``key`` of the dict it returns holds the response."""
        return key in self.response_keys or (self.response_rest and key not in self.other_keys)

    @property
    def sends(self) -> bool:
        return self.request is not None


@dataclass(frozen=True)
class RemoteValue:
    """A string a name of another module is bound to once (a module constant, a class field
    default, a settings field default, ``os.getenv("X", "default")``)."""

    value: str
    name: str  # e.g. "REGION", "Settings.aws_region"
    place: Place
    #: the environment variable read first (``os.getenv("AWS_REGION", "us-east-1")``), if any
    env: str = ""


@dataclass(frozen=True)
class RemotePrompt:
    """A prompt text a name of another module is bound to: a long string constant, or a
    prompt template built from one (``PromptTemplate.from_template(_TEMPLATE)``), redacted
    and bounded.  Read for its instructions (health data by context), never as a value."""

    text: str
    name: str
    place: Place


@dataclass(frozen=True)
class RemoteClass:
    """A class of another module: its methods that concern Claude and its field defaults."""

    name: str
    place: Place
    methods: tuple[tuple[str, RemoteFunction], ...] = ()
    fields: tuple[tuple[str, RemoteValue], ...] = ()
    #: attributes holding a Claude client (``self.client = Anthropic()``)
    clients: tuple[tuple[str, RemoteClient], ...] = ()

    def method(self, name: str) -> RemoteFunction | None:
        for n, fn in self.methods:
            if n == name:
                return fn
        return None

    def field(self, name: str) -> RemoteValue | None:
        for n, v in self.fields:
            if n == name:
                return v
        return None

    def client(self, name: str) -> RemoteClient | None:
        for n, c in self.clients:
            if n == name:
                return c
        return None


@dataclass(frozen=True)
class RemoteInstance:
    """A module-level instance of a class (``settings = Settings()``)."""

    klass: RemoteClass


RemoteItem = RemoteClient | RemoteFunction | RemoteValue | RemoteClass | RemoteInstance | RemotePrompt


class Remote(Protocol):
    """What the analysis of one file may ask about the rest of its repository."""

    def resolve(self, dotted: str, values: bool = False) -> RemoteItem | None:
        """What a dotted name of this file (``client``, ``svc.generate``, ``settings``) is,
        when it is imported from another module of the repository; None otherwise.
        ``values``: also look in modules that do not concern Claude (for constants and
        settings); without it only clients, helpers and classes are looked for, which only
        a module concerning Claude can define (a lookup costs nothing elsewhere)."""
        ...

    def display(self, place: Place) -> str:
        """The path to show for a place of another module (as findings show paths)."""
        ...


def dotted_name(expr: object) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    node = expr
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
