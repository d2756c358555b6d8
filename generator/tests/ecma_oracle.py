"""An independent ECMA-262 matcher for testing regex.py.

Written separately from the generator (its own parser, its own character
classes) as a plain backtracking matcher over code points, following the
ECMA-262 rules with the `u` flag: `.` excludes \\n \\r U+2028 U+2029,
`\\d`/`\\w` are ASCII, `^`/`$` match only at the ends of the input. It
answers "does the string contain a match", which is what JSON Schema's
`pattern` asks. Only the features the generator supports are parsed.
"""

import string

LINE_TERMINATORS = "\n\r\u2028\u2029"
WORD = set(string.ascii_letters + string.digits + "_")
DIGITS = set(string.digits)
ESCAPES = {"t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "0": "\0"}


class _P:
    def __init__(self, s):
        self.s, self.i = s, 0

    def more(self):
        return self.i < len(self.s)

    def cur(self):
        return self.s[self.i] if self.more() else None

    def take(self):
        c = self.s[self.i]
        self.i += 1
        return c

    def alt(self):
        branches = [self.seq()]
        while self.cur() == "|":
            self.take()
            branches.append(self.seq())
        return ("alt", branches)

    def seq(self):
        items = []
        while self.more() and self.cur() not in "|)":
            items.append(self.quant(self.atom()))
        return ("seq", items)

    def quant(self, a):
        c = self.cur()
        if c in ("*", "+", "?"):
            self.take()
            lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        elif c == "{":
            j = self.s.index("}", self.i)
            body = self.s[self.i + 1:j]
            self.i = j + 1
            if "," in body:
                a_, b_ = body.split(",")
                lo, hi = int(a_), (int(b_) if b_ else None)
            else:
                lo = hi = int(body)
        else:
            return a
        if self.cur() == "?":
            self.take()
        return ("rep", a, lo, hi)

    def escape_pred(self, e):
        if e == "d":
            return lambda ch: ch in DIGITS
        if e == "D":
            return lambda ch: ch not in DIGITS
        if e == "w":
            return lambda ch: ch in WORD
        if e == "W":
            return lambda ch: ch not in WORD
        if e in ESCAPES:
            lit = ESCAPES[e]
            return lambda ch: ch == lit
        if e == "x":
            lit = chr(int(self.s[self.i:self.i + 2], 16))
            self.i += 2
            return lambda ch: ch == lit
        return lambda ch: ch == e

    def atom(self):
        c = self.take()
        if c == "^":
            return ("bol",)
        if c == "$":
            return ("eol",)
        if c == ".":
            return ("char", lambda ch: ch not in LINE_TERMINATORS)
        if c == "(":
            if self.s.startswith("?:", self.i):
                self.i += 2
            node = self.alt()
            assert self.take() == ")"
            return node
        if c == "[":
            return ("char", self.klass())
        if c == "\\":
            return ("char", self.escape_pred(self.take()))
        return ("char", lambda ch, c=c: ch == c)

    def klass(self):
        negate = self.cur() == "^"
        if negate:
            self.take()
        preds = []
        while self.cur() != "]":
            c = self.take()
            if c == "\\":
                e = self.take()
                if e in "dDwW":
                    preds.append(self.escape_pred(e))
                    continue
                lo = "\b" if e == "b" else (ESCAPES.get(e) or (chr(int(self.s[self.i:self.i + 2], 16)) if e == "x" else e))
                if e == "x":
                    self.i += 2
            else:
                lo = c
            if self.cur() == "-" and self.s[self.i + 1] != "]":
                self.take()
                c2 = self.take()
                if c2 == "\\":
                    e2 = self.take()
                    hi = ESCAPES.get(e2, e2)
                else:
                    hi = c2
                preds.append(lambda ch, lo=lo, hi=hi: lo <= ch <= hi)
            else:
                preds.append(lambda ch, lo=lo: ch == lo)
        self.take()
        if negate:
            return lambda ch: not any(p(ch) for p in preds)
        return lambda ch: any(p(ch) for p in preds)


def _m(node, s, i, k):
    kind = node[0]
    if kind == "char":
        return i < len(s) and node[1](s[i]) and k(i + 1)
    if kind == "bol":
        return i == 0 and k(i)
    if kind == "eol":
        return i == len(s) and k(i)
    if kind == "seq":
        def go(n, j):
            if n == len(node[1]):
                return k(j)
            return _m(node[1][n], s, j, lambda j2: go(n + 1, j2))
        return go(0, i)
    if kind == "alt":
        return any(_m(b, s, i, k) for b in node[1])
    if kind == "rep":
        _, a, lo, hi = node

        def rep(count, j):
            if count >= lo and k(j):
                return True
            if hi is not None and count >= hi:
                return False
            # an iteration that matches nothing cannot help once lo is reached
            return _m(a, s, j, lambda j2: (j2 != j or count < lo) and rep(count + 1, j2))
        return rep(0, i)
    raise AssertionError(kind)


def search(pattern, text):
    """True when `text` (a str of code points) contains a match of `pattern`."""
    p = _P(pattern)
    node = p.alt()
    assert not p.more(), "unbalanced pattern"
    return any(_m(node, text, i, lambda j: True) for i in range(len(text) + 1))
