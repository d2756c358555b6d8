"""ECMA-262 patterns (a documented subset) compiled to byte-level DFAs.

JSON Schema's `pattern` is an ECMA-262 regular expression, matched anywhere in
the string unless the pattern anchors itself. The generated C++ must agree
with that exactly, so this module does not borrow Python's `re` (whose `$`
also matches before a trailing newline and whose `\\d` matches Unicode digits):

    parse        pattern text -> AST (code-point sets, sequences, alternations,
                 repetitions, ^/$ assertions); anything outside the subset
                 raises RegexError naming the feature
    nfa          Thompson construction over UTF-8 *bytes*; sets holding
                 non-ASCII code points become UTF-8 byte-range sequences, so a
                 negated class or `.` consumes a whole valid code point;
                 the unanchored search is explicit: (any code point)* R (any code point)*
    dfa          subset construction with ^/$ as position assertions, then
                 Moore minimisation and a state cap
    tables       byte classes + transition table + accepting flags, and the
                 longest accepted input in bytes (None if unbounded)

A compiled automaton accepts exactly the valid UTF-8 strings that contain a
match, so `match(s)` also implies that `s` is valid UTF-8.

Semantics (ECMA-262 with the `u` flag, no other flags):
    `.`     any code point except \\n \\r U+2028 U+2029
    `\\d`    [0-9] (ASCII only); `\\w` [A-Za-z0-9_]; `\\D`, `\\W` their complements
    `^` `$` start and end of the input only (no multiline, no newline exemption)
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Sequence

MAX_CODE_POINT = 0x10FFFF
SURROGATES = (0xD800, 0xDFFF)
MAX_REPEAT = 1000
MAX_NFA_STATES = 50_000
MAX_DFA_STATES = 2000


class RegexError(Exception):
    """A pattern outside the subset, or malformed. `feature` names the construct."""

    def __init__(self, message: str, offset: int, feature: Optional[str] = None, why: str = ""):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.feature = feature
        self.why = why


# ---------------------------------------------------------------------------
# Code-point sets: tuples of disjoint, sorted, non-adjacent (lo, hi) ranges.

CpSet = tuple[tuple[int, int], ...]


def cpset(*ranges: tuple[int, int]) -> CpSet:
    return normalise(list(ranges))


def normalise(ranges: Sequence[tuple[int, int]]) -> CpSet:
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple((a, b) for a, b in out)


def complement(s: CpSet) -> CpSet:
    out = []
    nxt = 0
    for lo, hi in s:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= MAX_CODE_POINT:
        out.append((nxt, MAX_CODE_POINT))
    return tuple(out)


def union(*sets: CpSet) -> CpSet:
    return normalise([r for s in sets for r in s])


DIGIT = cpset((0x30, 0x39))
WORD = cpset((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
DOT = complement(cpset((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)))
ANY = cpset((0, MAX_CODE_POINT))


# ---------------------------------------------------------------------------
# AST

@dataclasses.dataclass(frozen=True)
class Chars:
    set: CpSet


@dataclasses.dataclass(frozen=True)
class Seq:
    items: tuple


@dataclasses.dataclass(frozen=True)
class Alt:
    items: tuple


@dataclasses.dataclass(frozen=True)
class Repeat:
    item: object
    min: int
    max: Optional[int]  # None: unbounded


@dataclasses.dataclass(frozen=True)
class Assert:
    kind: str  # "bol" or "eol"


SYNTAX_CHARACTERS = set("^$\\.*+?()[]{}|/")
CONTROL_ESCAPES = {"t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D}


class _Parser:
    def __init__(self, text: str):
        self.s = text
        self.i = 0

    def error(self, message: str, offset: Optional[int] = None, feature: Optional[str] = None, why: str = ""):
        raise RegexError(message, self.i if offset is None else offset, feature, why)

    def unsupported(self, feature: str, offset: Optional[int] = None, why: str = ""):
        message = f"unsupported regex feature {feature}"
        if why:
            message += f" ({why})"
        self.error(message, offset, feature, why)

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def parse(self):
        node = self.disjunction()
        if self.i < len(self.s):
            # only an unmatched ')' stops a disjunction early
            self.error("unmatched ')'")
        return node

    def disjunction(self):
        alts = [self.alternative()]
        while self.peek() == "|":
            self.i += 1
            alts.append(self.alternative())
        return alts[0] if len(alts) == 1 else Alt(tuple(alts))

    def alternative(self):
        items = []
        while self.i < len(self.s) and self.peek() not in "|)":
            items.append(self.term())
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def term(self):
        start = self.i
        c = self.peek()
        if c in "^$":
            self.i += 1
            if self.peek() in ("*", "+", "?") or (self.peek() == "{" and self.quantifier_ahead()):
                self.error("nothing to repeat: an assertion cannot be quantified")
            return Assert("bol" if c == "^" else "eol")
        if c == "\\" and self.peek(1) in ("b", "B"):
            self.unsupported(f"word boundary assertion \\{self.peek(1)}", start)
        if c == "(" and self.peek(1) == "?":
            nxt = self.s[self.i:self.i + 4]
            if nxt.startswith("(?=") or nxt.startswith("(?!"):
                self.unsupported(f"lookahead {nxt[:3]}", start)
            if nxt.startswith("(?<=") or nxt.startswith("(?<!"):
                self.unsupported(f"lookbehind {nxt}", start)
            if nxt.startswith("(?<"):
                self.unsupported("named group (?<name>", start)
            if not nxt.startswith("(?:"):
                self.unsupported(f"group modifier {nxt[:3]}", start)
        atom = self.atom()
        return self.quantified(atom)

    def quantifier_ahead(self) -> bool:
        j = self.i + 1
        k = j
        while k < len(self.s) and self.s[k].isdigit() and self.s[k] < "\x80":
            k += 1
        if k == j:
            return False
        if k < len(self.s) and self.s[k] == "}":
            return True
        if k < len(self.s) and self.s[k] == ",":
            k += 1
            while k < len(self.s) and "0" <= self.s[k] <= "9":
                k += 1
            return k < len(self.s) and self.s[k] == "}"
        return False

    def number(self) -> int:
        start = self.i
        while "0" <= self.peek() <= "9" and self.peek() != "":
            self.i += 1
        value = int(self.s[start:self.i])
        if value > MAX_REPEAT:
            self.error(f"repetition count {value} is larger than {MAX_REPEAT}", start)
        return value

    def quantified(self, atom):
        c = self.peek()
        start = self.i
        if c == "*":
            lo, hi = 0, None
            self.i += 1
        elif c == "+":
            lo, hi = 1, None
            self.i += 1
        elif c == "?":
            lo, hi = 0, 1
            self.i += 1
        elif c == "{" and self.quantifier_ahead():
            self.i += 1
            lo = self.number()
            hi = lo
            if self.peek() == ",":
                self.i += 1
                hi = None if self.peek() == "}" else self.number()
            self.i += 1  # '}'
            if hi is not None and lo > hi:
                self.error(f"numbers out of order in quantifier {self.s[start:self.i]}", start)
        else:
            return atom
        if self.peek() == "?":  # lazy: same set of matched strings
            self.i += 1
        if self.peek() in ("*", "+", "?") or (self.peek() == "{" and self.quantifier_ahead()):
            self.error("nothing to repeat: a quantifier cannot be quantified")
        return Repeat(atom, lo, hi)

    def atom(self):
        start = self.i
        c = self.peek()
        if c == ".":
            self.i += 1
            return Chars(DOT)
        if c == "(":
            self.i += 3 if self.s.startswith("(?:", self.i) else 1
            node = self.disjunction()
            if self.peek() != ")":
                self.error("missing ')'", start)
            self.i += 1
            return node
        if c == "[":
            return Chars(self.char_class())
        if c == "\\":
            return self.atom_escape()
        if c in ("*", "+", "?"):
            self.error(f"nothing to repeat before '{c}'")
        if c == "{":
            if self.quantifier_ahead():
                self.error("nothing to repeat before '{'")
            self.error("lone '{' must be escaped as \\{")
        if c in ("}", "]"):
            self.error(f"lone '{c}' must be escaped as \\{c}")
        self.i += 1
        return Chars(cpset((ord(c), ord(c))))

    def escape_common(self, in_class: bool):
        """Escapes valid both inside and outside classes. Returns a code point
        (int) or a CpSet; self.i is at the backslash."""
        start = self.i
        e = self.peek(1)
        if e == "":
            self.error("pattern ends with a lone backslash", start)
        self.i += 2
        if e == "d":
            return DIGIT
        if e == "D":
            return complement(DIGIT)
        if e == "w":
            return WORD
        if e == "W":
            return complement(WORD)
        if e in ("s", "S"):
            self.unsupported(f"\\{e}", start, "its meaning depends on Unicode white-space tables; "
                             "write the characters out, e.g. [ \\t]")
        if e in CONTROL_ESCAPES:
            return CONTROL_ESCAPES[e]
        if e == "0":
            if "0" <= self.peek() <= "9" and self.peek() != "":
                self.unsupported("octal escape", start)
            return 0
        if "1" <= e <= "9":
            self.unsupported(f"backreference \\{e}", start)
        if e == "k":
            self.unsupported("named backreference \\k", start)
        if e == "x":
            digits = self.s[self.i:self.i + 2]
            if len(digits) != 2 or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
                self.error("\\x must be followed by two hexadecimal digits", start)
            self.i += 2
            return int(digits, 16)
        if e == "u":
            self.unsupported("unicode escape \\u", start, "write the character itself")
        if e in ("p", "P"):
            self.unsupported(f"unicode property escape \\{e}", start)
        if e == "c":
            self.unsupported("control escape \\c", start)
        if e in SYNTAX_CHARACTERS or e == "-":
            return ord(e)
        self.unsupported(f"escape \\{e}", start, "only syntax characters may be escaped")

    def atom_escape(self):
        value = self.escape_common(in_class=False)
        if isinstance(value, int):
            return Chars(cpset((value, value)))
        return Chars(value)

    def class_atom(self):
        """A code point (int) or a CpSet (\\d and friends)."""
        start = self.i
        c = self.peek()
        if c == "\\":
            if self.peek(1) == "b":
                self.i += 2
                return 0x08  # backspace inside a class
            if self.peek(1) == "B":
                self.unsupported("escape \\B in a character class", start)
            value = self.escape_common(in_class=True)
        else:
            self.i += 1
            value = ord(c)
        if isinstance(value, int) and value > 0x7F:
            self.unsupported("non-ASCII character in a character class", start,
                             "only ASCII members are supported inside [...]")
        return value

    def char_class(self) -> CpSet:
        start = self.i
        self.i += 1
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        ranges: list[tuple[int, int]] = []
        while True:
            if self.i >= len(self.s):
                self.error("missing ']'", start)
            if self.peek() == "]":
                self.i += 1
                break
            atom_start = self.i
            first = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                second = self.class_atom()
                if not isinstance(first, int) or not isinstance(second, int):
                    self.error("a character class escape cannot be a range bound", atom_start)
                if first > second:
                    self.error(f"range out of order in character class", atom_start)
                ranges.append((first, second))
            elif isinstance(first, int):
                ranges.append((first, first))
            else:
                ranges.extend(first)
        result = normalise(ranges)
        return complement(result) if negate else result


def parse(text: str):
    """Parses an ECMA-262 pattern (the supported subset) into an AST."""
    return _Parser(text).parse()


# ---------------------------------------------------------------------------
# UTF-8 byte-range sequences for a code-point range

def _encode(cp: int) -> bytes:
    return chr(cp).encode("utf-8", "surrogatepass")


def _utf8_range_sequences(lo: int, hi: int) -> list[list[tuple[int, int]]]:
    """Byte-range sequences matching exactly the UTF-8 encodings of [lo, hi]
    (which must not contain surrogates)."""
    out: list[list[tuple[int, int]]] = []
    stack = [(lo, hi)]
    while stack:
        a, b = stack.pop()
        # split at encoded-length boundaries
        split = False
        for boundary in (0x7F, 0x7FF, 0xFFFF):
            if a <= boundary < b:
                stack.append((boundary + 1, b))
                stack.append((a, boundary))
                split = True
                break
        if split:
            continue
        if b <= 0x7F:
            out.append([(a, b)])
            continue
        n = len(_encode(a))
        for i in range(1, n):
            m = (1 << (6 * i)) - 1
            if (a & ~m) != (b & ~m):
                if (a & m) != 0:
                    stack.append(((a | m) + 1, b))
                    stack.append((a, a | m))
                    split = True
                    break
                if (b & m) != m:
                    stack.append((b & ~m, b))
                    stack.append((a, (b & ~m) - 1))
                    split = True
                    break
        if split:
            continue
        ea, eb = _encode(a), _encode(b)
        out.append([(ea[k], eb[k]) for k in range(n)])
    out.sort()
    return out


def utf8_sequences(s: CpSet) -> list[list[tuple[int, int]]]:
    """Byte-range sequences for every valid code point (no surrogates) in `s`."""
    out = []
    for lo, hi in s:
        parts = [(lo, hi)]
        if lo <= SURROGATES[1] and hi >= SURROGATES[0]:
            parts = []
            if lo < SURROGATES[0]:
                parts.append((lo, SURROGATES[0] - 1))
            if hi > SURROGATES[1]:
                parts.append((SURROGATES[1] + 1, hi))
        for a, b in parts:
            out.extend(_utf8_range_sequences(a, b))
    return out


# ---------------------------------------------------------------------------
# NFA over bytes

class _Nfa:
    def __init__(self):
        self.edges: list[list[tuple[int, int, int]]] = []  # (lo, hi, target)
        self.eps: list[list[tuple[int, Optional[str]]]] = []  # (target, None | "bol" | "eol")

    def state(self) -> int:
        if len(self.edges) >= MAX_NFA_STATES:
            raise RegexError("pattern too complex: its automaton needs more than "
                             f"{MAX_NFA_STATES} NFA states", 0, "complexity")
        self.edges.append([])
        self.eps.append([])
        return len(self.edges) - 1

    def build(self, node) -> tuple[int, int]:
        if isinstance(node, Chars):
            start, end = self.state(), self.state()
            for seq in utf8_sequences(node.set):
                cur = start
                for k, (lo, hi) in enumerate(seq):
                    nxt = end if k == len(seq) - 1 else self.state()
                    self.edges[cur].append((lo, hi, nxt))
                    cur = nxt
            return start, end
        if isinstance(node, Assert):
            start, end = self.state(), self.state()
            self.eps[start].append((end, node.kind))
            return start, end
        if isinstance(node, Seq):
            start = cur = self.state()
            for item in node.items:
                s, e = self.build(item)
                self.eps[cur].append((s, None))
                cur = e
            return start, cur
        if isinstance(node, Alt):
            start, end = self.state(), self.state()
            for item in node.items:
                s, e = self.build(item)
                self.eps[start].append((s, None))
                self.eps[e].append((end, None))
            return start, end
        if isinstance(node, Repeat):
            start = cur = self.state()
            for _ in range(node.min):
                s, e = self.build(node.item)
                self.eps[cur].append((s, None))
                cur = e
            if node.max is None:
                s, e = self.build(node.item)
                loop = self.state()
                self.eps[cur].append((loop, None))
                self.eps[loop].append((s, None))
                self.eps[e].append((loop, None))
                cur = loop
            else:
                end = self.state()
                for _ in range(node.max - node.min):
                    s, e = self.build(node.item)
                    self.eps[cur].append((s, None))
                    self.eps[cur].append((end, None))
                    cur = e
                self.eps[cur].append((end, None))
                cur = end
            return start, cur
        raise AssertionError(node)


# ---------------------------------------------------------------------------
# DFA

@dataclasses.dataclass(frozen=True)
class Dfa:
    """A minimal complete DFA over bytes. State 0 rejects everything (dead),
    state 1 is the start state (unless the automaton is only the dead state).
    `byte_class[b]` maps a byte to a column of `next`."""

    byte_class: tuple[int, ...]  # 256 entries
    next: tuple[tuple[int, ...], ...]  # [state][class]
    accepting: tuple[bool, ...]
    max_length: Optional[int]  # longest accepted input in bytes; None if unbounded

    @property
    def num_states(self) -> int:
        return len(self.next)

    @property
    def num_classes(self) -> int:
        return len(self.next[0])

    @property
    def matches_nothing(self) -> bool:
        return not any(self.accepting)

    def matches(self, data: bytes) -> bool:
        state = 1 if self.num_states > 1 else 0
        for b in data:
            state = self.next[state][self.byte_class[b]]
            if state == 0:
                return False
        return self.accepting[state]


def _alphabet_classes(nfa: _Nfa) -> list[tuple[int, int]]:
    """Maximal byte ranges no NFA edge distinguishes."""
    cuts = {0, 256}
    for edges in nfa.edges:
        for lo, hi, _ in edges:
            cuts.add(lo)
            cuts.add(hi + 1)
    points = sorted(cuts)
    return [(points[k], points[k + 1] - 1) for k in range(len(points) - 1)]


def _coreachable(nfa: _Nfa, final: int, with_bol: bool) -> set[int]:
    """NFA states from which `final` is reachable (through ^ assertions only
    if `with_bol`: they hold only at the start of the input)."""
    reverse: list[list[int]] = [[] for _ in nfa.edges]
    for s, edges in enumerate(nfa.edges):
        for _, _, t in edges:
            reverse[t].append(s)
    for s, eps in enumerate(nfa.eps):
        for t, cond in eps:
            if cond != "bol" or with_bol:
                reverse[t].append(s)
    seen = {final}
    stack = [final]
    while stack:
        t = stack.pop()
        for s in reverse[t]:
            if s not in seen:
                seen.add(s)
                stack.append(s)
    return seen


def _closure(nfa: _Nfa, states, at_start: bool, at_end: bool) -> frozenset[int]:
    seen = set(states)
    stack = list(states)
    while stack:
        s = stack.pop()
        for t, cond in nfa.eps[s]:
            if cond == "bol" and not at_start:
                continue
            if cond == "eol" and not at_end:
                continue
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return frozenset(seen)


def compile_pattern(text: str, max_states: int = MAX_DFA_STATES) -> Dfa:
    """Compiles an ECMA-262 pattern (searched anywhere in the input) to a DFA."""
    ast = parse(text)
    any_cp = Chars(ANY)
    whole = Seq((Repeat(any_cp, 0, None), ast, Repeat(any_cp, 0, None)))
    nfa = _Nfa()
    start, final = nfa.build(whole)
    # States that cannot reach `final` any more are dropped from every
    # subset, so hopeless combinations never become DFA states. At the start
    # position ^ still holds, so the start state keeps what ^ can reach.
    live = _coreachable(nfa, final, with_bol=False)
    live_at_start = _coreachable(nfa, final, with_bol=True)
    classes = _alphabet_classes(nfa)

    def prune(states: frozenset[int], at_start: bool = False) -> frozenset[int]:
        keep = live_at_start if at_start else live
        return frozenset(s for s in states if s in keep)

    def accepts(states: frozenset[int], at_start: bool) -> bool:
        return final in _closure(nfa, states, at_start, True)

    def too_complex():
        raise RegexError(f"pattern too complex: its automaton needs more than {max_states} states",
                         0, "complexity")

    # Subset construction. DFA state keys: (NFA set, is the start position).
    initial = (prune(_closure(nfa, [start], True, False), at_start=True), True)
    index = {initial: 0}
    order = [initial]
    transitions: list[list[int]] = []  # [state][alphabet class] -> state (-1 = empty set)
    k = 0
    while k < len(order):
        states, _ = order[k]
        row = []
        for lo, _hi in classes:
            targets = [t for s in states for (a, b, t) in nfa.edges[s] if a <= lo <= b]
            if not targets:
                row.append(-1)
                continue
            key = (prune(_closure(nfa, targets, False, False)), False)
            if not key[0]:
                row.append(-1)
                continue
            if key not in index:
                if len(order) >= max_states:
                    too_complex()
                index[key] = len(order)
                order.append(key)
            row.append(index[key])
        transitions.append(row)
        k += 1
    accepting = [accepts(states, is_start) for states, is_start in order]

    # Complete with an explicit dead state (index n), then Moore minimisation.
    n = len(order)
    dead = n
    full = [[dead if t < 0 else t for t in row] for row in transitions] + [[dead] * len(classes)]
    acc = accepting + [False]
    block = [1 if a else 0 for a in acc]
    while True:
        signatures = {}
        new_block = []
        for s in range(n + 1):
            sig = (block[s], tuple(block[t] for t in full[s]))
            if sig not in signatures:
                signatures[sig] = len(signatures)
            new_block.append(signatures[sig])
        if len(set(new_block)) == len(set(block)):
            block = new_block
            break
        block = new_block

    # Renumber: dead block -> 0, start block -> 1, the rest in BFS order.
    dead_block = block[dead]
    start_block = block[0]
    rep = {}
    for s in range(n + 1):
        rep.setdefault(block[s], s)
    number = {dead_block: 0}
    queue = []
    if start_block != dead_block:
        number[start_block] = 1
        queue.append(start_block)
    q = 0
    while q < len(queue):
        b = queue[q]
        q += 1
        for t in full[rep[b]]:
            tb = block[t]
            if tb not in number:
                number[tb] = len(number)
                queue.append(tb)
    m = len(number)
    if m > max_states:
        too_complex()
    by_number = {v: k for k, v in number.items()}
    # Byte-level table, then byte classes of the minimal DFA.
    byte_rows = []
    for i in range(m):
        s = rep[by_number[i]]
        row = [0] * 256
        for c, (lo, hi) in enumerate(classes):
            tgt = number[block[full[s][c]]]
            for b in range(lo, hi + 1):
                row[b] = tgt
        byte_rows.append(row)
    column_ids: dict[tuple[int, ...], int] = {}
    byte_class = []
    for b in range(256):
        column = tuple(row[b] for row in byte_rows)
        if column not in column_ids:
            column_ids[column] = len(column_ids)
        byte_class.append(column_ids[column])
    columns = sorted(column_ids.items(), key=lambda kv: kv[1])
    next_table = tuple(tuple(col[i] for col, _ in columns) for i in range(m))
    accepting_min = tuple(acc[rep[by_number[i]]] for i in range(m))
    return Dfa(tuple(byte_class), next_table, accepting_min, _longest(next_table, accepting_min))


def _longest(next_table, accepting) -> Optional[int]:
    """Longest accepted input in bytes; None if there are arbitrarily long ones.
    Every non-dead state of a minimal DFA can reach acceptance, so any cycle
    among reachable non-dead states means unbounded."""
    m = len(next_table)
    if m <= 1:
        return 0
    # cycle detection + longest path by DFS over non-dead states from 1
    WHITE, GREY, BLACK = 0, 1, 2
    colour = [WHITE] * m
    best = [0] * m  # longest path from state to an accepting state (or -inf)
    NEG = -1
    stack = [(1, iter(sorted(set(t for t in next_table[1] if t != 0))))]
    colour[1] = GREY
    order = []
    while stack:
        s, it = stack[-1]
        advanced = False
        for t in it:
            if colour[t] == GREY:
                return None
            if colour[t] == WHITE:
                colour[t] = GREY
                stack.append((t, iter(sorted(set(x for x in next_table[t] if x != 0)))))
                advanced = True
                break
        if not advanced:
            colour[s] = BLACK
            order.append(s)
            stack.pop()
    for s in order:  # post-order: successors first
        value = 0 if accepting[s] else NEG
        for t in set(x for x in next_table[s] if x != 0):
            if best[t] != NEG:
                value = max(value, best[t] + 1)
        best[s] = value
    return best[1] if best[1] != NEG else 0
