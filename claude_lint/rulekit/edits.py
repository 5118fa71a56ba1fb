"""What a rule's ``fix()`` works with: the :class:`Site` of a finding in the concrete (libcst)
tree, the :class:`Edit` it returns, and small builders of new code (keyword arguments, dict
entries, strings in the file's own quote style).  The applier is :mod:`claude_lint.fix`.

Rules import this module inside ``fix()`` only: libcst costs start-up time that a plain
``check`` never pays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import libcst as cst


class _Fixer(Protocol):
    """The part of the applier a :class:`Site` reads (``claude_lint.fix._FileFixer``)."""

    module: cst.Module
    text: str

    def env_read(
        self, var: str, stmt: cst.CSTNode | None, quote: str
    ) -> tuple[cst.BaseExpression, frozenset[str]] | None: ...


# --------------------------------------------------------------------------- edits and sites


@dataclass
class Edit:
    """Replace ``node`` (a node of the parsed module) by ``change(updated_node)``.

    ``change`` receives the node as already rewritten by edits of its descendants, so an
    edit of a call and an edit of one of its arguments compose.  ``requires`` names what
    the module must import for the new code (only ``"os"`` so far)."""

    node: cst.CSTNode
    change: Callable[[Any], cst.CSTNode]  # called with a node of the type of ``node`` (a lambda cannot say so)
    requires: frozenset[str] = frozenset()


@dataclass
class Entry:
    node: cst.CSTNode
    start: int
    end: int = -1


class Site:
    """What a rule's ``fix()`` sees: the module, the anchor's offsets in the text and the
    chain of nodes that contain the anchor's start, innermost first."""

    def __init__(self, fixer: _Fixer, start: int, end: int, chain: list[Entry]):
        self._fixer = fixer
        self.module: cst.Module = fixer.module
        self.text: str = fixer.text
        self.start = start
        self.end = end
        self.chain = chain

    @property
    def anchor_text(self) -> str:
        return self.text[self.start : self.end]

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def innermost(self, types) -> cst.CSTNode | None:
        """The innermost node of ``types`` containing the whole anchor."""
        for e in self.chain:
            if isinstance(e.node, types) and e.start <= self.start and e.end >= self.end:
                return e.node
        return None

    def exact(self, types) -> cst.CSTNode | None:
        """The innermost node of ``types`` spanning exactly the anchor (its own parentheses
        aside: ``ast`` positions leave them out, libcst's include them)."""
        for e in self.chain:
            if not isinstance(e.node, types):
                continue
            start, end = e.start, e.end
            for lp in getattr(e.node, "lpar", ()):
                start += len(self.code(lp))
            for rp in getattr(e.node, "rpar", ()):
                end -= len(self.code(rp))
            if (start, end) == (self.start, self.end):
                return e.node
        return None

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        for i, e in enumerate(self.chain):
            if e.node is node:
                return self.chain[i + 1].node if i + 1 < len(self.chain) else None
        return None

    def ancestors(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        for i, e in enumerate(self.chain):
            if e.node is node:
                return [x.node for x in self.chain[i + 1 :]]
        return []

    def top_statement(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The module-level statement holding ``node``."""
        nodes = [e.node for e in self.chain]
        for i, n in enumerate(nodes):
            if isinstance(n, cst.Module):
                return nodes[i - 1] if i > 0 else None
        return None

    def env_read(
        self, var: str, near: cst.CSTNode, quote: str = '"'
    ) -> tuple[cst.BaseExpression, frozenset[str]] | None:
        """An expression reading ``var`` from the environment (``os.environ["VAR"]``), using
        the module's own import of ``os`` or ``environ`` when one precedes ``near``'s
        statement; else the edit requires ``import os``.  None when the name the expression
        needs is bound to something else in the file (a shadowed ``os``)."""
        return self._fixer.env_read(var, self.top_statement(near), quote)


# --------------------------------------------------------------------------- helpers for rules


def is_docstring(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def quote_of(string: cst.SimpleString) -> str:
    return string.quote[0] if string.quote else '"'


def string_quote_in(node: cst.CSTNode) -> str:
    """The quote character the strings under ``node`` use (double when none or mixed)."""
    quotes: set[str] = set()

    class _V(cst.CSTVisitor):
        def visit_SimpleString(self, n: cst.SimpleString) -> None:
            quotes.add(quote_of(n))

    node.visit(_V())
    return "'" if quotes == {"'"} else '"'


def _no_comment(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """``ws`` without the comment of its first line (that one stays with the element it
    follows); comment lines below it are kept."""
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return ws.with_changes(first_line=cst.TrailingWhitespace())
    return ws


def _new_line(indent: cst.SimpleWhitespace, first: cst.TrailingWhitespace | None = None) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(
        first_line=first or cst.TrailingWhitespace(), empty_lines=[], indent=True, last_line=indent
    )


def _one_per_line(prev: cst.BaseParenthesizableWhitespace) -> bool:
    return isinstance(prev, cst.ParenthesizedWhitespace)


def append_arg(call: cst.Call, arg: cst.Arg) -> cst.Call:
    """``call`` with ``arg`` appended, in the call's own layout: on its own line when the
    arguments are one per line, after a trailing comma when there is one, keeping comments
    where they were."""
    args = list(call.args)
    if not args:
        return call.with_changes(args=[arg])
    last = args[-1]
    prev = (
        args[-2].comma.whitespace_after
        if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma)
        else call.whitespace_before_args
    )
    has_comma = isinstance(last.comma, cst.Comma)
    closing = last.comma.whitespace_after if has_comma else last.whitespace_after_arg  # type: ignore[union-attr]
    if _one_per_line(prev):
        first = closing.first_line if isinstance(closing, cst.ParenthesizedWhitespace) else None
        between = _new_line(prev.last_line, first)  # type: ignore[attr-defined]
        if has_comma:
            last = last.with_changes(comma=last.comma.with_changes(whitespace_after=between))  # type: ignore[union-attr]
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=_no_comment(closing)))
        else:
            last = last.with_changes(
                comma=cst.Comma(whitespace_after=between), whitespace_after_arg=cst.SimpleWhitespace("")
            )
            arg = arg.with_changes(whitespace_after_arg=_no_comment(closing))
    elif has_comma:
        arg = arg.with_changes(comma=last.comma)
        last = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    else:
        arg = arg.with_changes(whitespace_after_arg=last.whitespace_after_arg)
        last = last.with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")), whitespace_after_arg=cst.SimpleWhitespace("")
        )
    return call.with_changes(args=[*args[:-1], last, arg])


def append_element(d: cst.Dict, element: cst.DictElement) -> cst.Dict:
    """``d`` with ``element`` appended, in the dict's own layout (see :func:`append_arg`)."""
    els = list(d.elements)
    if not els:
        return d.with_changes(elements=[element])
    last = els[-1]
    prev = (
        els[-2].comma.whitespace_after
        if len(els) >= 2 and isinstance(els[-2].comma, cst.Comma)
        else d.lbrace.whitespace_after
    )
    has_comma = isinstance(last.comma, cst.Comma)
    closing = last.comma.whitespace_after if has_comma else d.rbrace.whitespace_before  # type: ignore[union-attr]
    if _one_per_line(prev):
        first = closing.first_line if isinstance(closing, cst.ParenthesizedWhitespace) else None
        between = _new_line(prev.last_line, first)  # type: ignore[attr-defined]
        if has_comma:
            last = last.with_changes(comma=last.comma.with_changes(whitespace_after=between))  # type: ignore[union-attr]
            element = element.with_changes(comma=cst.Comma(whitespace_after=_no_comment(closing)))
        else:
            last = last.with_changes(comma=cst.Comma(whitespace_after=between))
            d = d.with_changes(rbrace=d.rbrace.with_changes(whitespace_before=_no_comment(closing)))
    elif has_comma:
        element = element.with_changes(comma=last.comma)
        last = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    else:
        last = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return d.with_changes(elements=[*els[:-1], last, element])


def keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    no_space = cst.SimpleWhitespace("")
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=no_space, whitespace_after=no_space),
    )


def string(value: str, quote: str = '"') -> cst.SimpleString:
    """A plain string literal (``value`` holds no quotes or backslashes)."""
    return cst.SimpleString(f"{quote}{value}{quote}")


def dict_element(key: str, value: cst.BaseExpression, quote: str = '"') -> cst.DictElement:
    return cst.DictElement(
        key=string(key, quote),
        value=value,
        whitespace_before_colon=cst.SimpleWhitespace(""),
        whitespace_after_colon=cst.SimpleWhitespace(" "),
    )
