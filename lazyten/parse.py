"""Read the dump format (``lazyten.dump``) back into a Graph, so tests and bug reports can be
written as IR text. Types are taken as written (the verifier re-checks them); a ``buf=bN`` note
on any line rebuilds the buffer plan; ``at file:line`` notes become node locations.
"""
from __future__ import annotations

import ast
import re
from typing import Any

import numpy as np

from .dims import parse_dim
from .dtypes import DType, from_short
from .errors import DTypeError, ParseError
from .ir import Constant, Graph, Node, TensorType
from .memory import make_plan

_HEADER = re.compile(r"graph @([\w.\-]+)\((.*)\) \{$")
_TYPE = re.compile(r"(\w+)\[([^\]]*)\]")
_WORD = re.compile(r"[-+\w.]+")
_STR = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NODE = re.compile(r"%(\d+) = (\w+)")
_ARG = re.compile(r"%([\w.\-]+)")


def parse_type(text: str) -> TensorType:
    m = _TYPE.fullmatch(text.strip())
    if not m:
        raise ParseError(f"expected a type such as f32[3,4], got {text!r}")
    dims = (int(d) if d.isdigit() else parse_dim(d) for d in _top_level(m.group(2)) if d)
    return TensorType(_dtype(m.group(1)), tuple(dims))


def _top_level(text: str) -> list[str]:
    """``text`` split at the commas outside parentheses (``min(batch,2),3``)."""
    parts, depth, start = [], 0, 0
    for k, c in enumerate(text):
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return parts


def _dtype(short: str) -> DType:
    try:
        return from_short(short)
    except DTypeError as e:
        raise ParseError(str(e)) from None


class _Line:
    """A cursor over one line of IR text."""

    def __init__(self, text: str, lineno: int) -> None:
        self.s, self.i, self.lineno = text, 0, lineno

    def fail(self, what: str) -> ParseError:
        return ParseError(f"line {self.lineno}: expected {what} at column {self.i + 1}: "
                          f"{self.s.strip()!r}")

    def peek(self) -> str:
        return self.s[self.i:self.i + 1]

    def eat(self, tok: str) -> bool:
        if self.s.startswith(tok, self.i):
            self.i += len(tok)
            return True
        return False

    def expect(self, tok: str) -> None:
        if not self.eat(tok):
            raise self.fail(repr(tok))

    def match(self, pattern: re.Pattern, what: str) -> re.Match:
        m = pattern.match(self.s, self.i)
        if not m:
            raise self.fail(what)
        self.i = m.end()
        return m

    def value(self) -> Any:
        c = self.peek()
        if c == "(":
            self.i += 1
            items = []
            while not self.eat(")"):
                items.append(self.value())
                if not self.eat(","):
                    self.expect(")")
                    break
            return tuple(items)
        if c == "<":
            return self.constant()
        if c == "{":  # a symbolic size
            end = self.s.find("}", self.i)
            if end < 0:
                raise self.fail("'}' closing the size")
            text, self.i = self.s[self.i + 1:end], end + 1
            return parse_dim(text)
        if c in "'\"":
            return ast.literal_eval(self.match(_STR, "a string").group(0))
        return _word(self.match(_WORD, "a value").group(0), self)

    def constant(self) -> Constant:
        self.expect("<")
        t = parse_type(self.match(_TYPE, "a constant's type").group(0))
        end = self.s.find(">", self.i)
        if end < 0:
            raise self.fail("'>' closing the constant")
        words = self.s[self.i:end].split()
        self.i = end + 1
        if words and words[0].startswith("#"):
            raise ParseError(f"line {self.lineno}: constant {t} is printed as a digest only "
                             f"and cannot be parsed back")
        if len(words) != t.size:
            raise ParseError(f"line {self.lineno}: constant {t} needs {t.size} values, "
                             f"got {len(words)}")
        vals = [_word(w, self) for w in words]
        return Constant(np.array(vals, dtype=t.dtype.np).reshape(t.shape))


def _word(w: str, line: _Line) -> Any:
    if w in ("True", "False"):
        return w == "True"
    if w == "None":
        return None
    try:
        return int(w)
    except ValueError:
        pass
    try:
        return complex(w) if w.endswith("j") else float(w)
    except ValueError:
        pass
    if w[:1].isalpha():
        return _dtype(w)
    raise line.fail("a number, True/False/None or a dtype")


def _split_comment(text: str) -> tuple[str, str]:
    """Code and comment of a line; ``#`` inside strings or digests is not a comment start."""
    depth, quote = 0, ""
    for k, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "#" and depth == 0:
            return text[:k].rstrip(), text[k + 1:].strip()
    return text.rstrip(), ""


def parse(text: str) -> Graph:
    """The Graph written in ``text`` (the output of ``dump_graph``)."""
    lines = [(k + 1, ln) for k, ln in enumerate(text.splitlines()) if ln.strip()]
    if not lines:
        raise ParseError("empty IR text")
    lineno, first = lines[0]
    m = _HEADER.match(first.strip())
    if not m:
        raise ParseError(f"line {lineno}: expected 'graph @name(%x: f32[3], ...) {{'")
    env: dict[str, Node] = {}
    inputs = []
    for param in filter(None, (p.strip() for p in m.group(2).split(", "))):
        name, _, typ = param.partition(": ")
        typ = typ.partition(" = ")[0]  # a bound value (``%in0: f32[] = 2.5``) is a note
        if not name.startswith("%"):
            raise ParseError(f"line {lineno}: parameter {param!r} must look like %x: f32[3]")
        node = Node("input", (), {"name": name[1:]}, parse_type(typ))
        env[name] = node
        inputs.append(node)
    nodes: list[Node] = []
    slots: list[int | None] = []
    outputs: list[Node] = []
    out_names: list[str] = []
    for lineno, raw in lines[1:]:
        code, comment = _split_comment(raw)
        line = _Line(code.strip(), lineno)
        if line.s == "}":
            break
        if line.eat("return"):
            outputs, out_names = _parse_return(line, env)
            continue
        nm = line.match(_NODE, "'%N = op'")
        attrs: dict[str, Any] = {}
        if line.eat("["):
            while not line.eat("]"):
                line.eat(" ")
                key = line.match(re.compile(r"\w+"), "an attribute name").group(0)
                line.expect("=")
                attrs[key] = line.value()
        line.expect("(")
        args = []
        while not line.eat(")"):
            line.eat(", ")
            ref = line.match(_ARG, "an argument %name").group(0)
            if ref not in env:
                raise ParseError(f"line {lineno}: {ref} is used before it is defined")
            args.append(env[ref])
        line.expect(" : ")
        typ = parse_type(line.s[line.i:])
        slot, loc = None, ""
        for note in filter(None, (p.strip() for p in comment.split(", "))):
            if note.startswith("buf=b"):
                slot = int(note[5:])
            elif note.startswith("at "):
                loc = note[3:]
        node = Node(nm.group(2), tuple(args), attrs, typ, loc)
        env[f"%{nm.group(1)}"] = node
        nodes.append(node)
        slots.append(slot)
    g = Graph(tuple(inputs), tuple(nodes), tuple(outputs), m.group(1), tuple(out_names))
    if any(s is not None for s in slots):
        g = g.with_plan(make_plan(g, slots))
    return g


def _parse_return(line: _Line, env: dict[str, Node]) -> tuple[list[Node], list[str]]:
    outputs, names = [], []
    while line.i < len(line.s):
        line.eat(",")
        line.eat(" ")
        ref = line.match(_ARG, "a returned %name").group(0)
        if ref not in env:
            raise ParseError(f"line {line.lineno}: returned {ref} is not defined")
        outputs.append(env[ref])
        if line.eat(" as "):
            names.append(ast.literal_eval(line.match(_STR, "an output name").group(0)))
    return outputs, names
