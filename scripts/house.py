#!/usr/bin/env python3
"""The house, measured (issue 22 §6): module dependencies among the top-level modules of src/
(`crate::`/`tamis::` paths in code, comments and unit-test modules left out) and the cycles
among them, the ten largest files and functions (lines, a function from `fn` to its closing
brace), the XML read loops (quick-xml `read_event` calls).

Usage: scripts/house.py [TREE]   (TREE: a checkout, the repository root by default; to measure
another commit: `git archive COMMIT src | tar -x -C /tmp/t && scripts/house.py /tmp/t`)"""
import os, re, sys
from collections import defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
src = os.path.join(root, "src")

def strip(text):
    """Text with comments, strings and char literals blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j): depth += 1; j += 2
                elif text.startswith("*/", j): depth -= 1; j += 2
                else: j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif (m := re.compile(r'b?r(#*)"').match(text, i)) and (i == 0 or not (text[i-1].isalnum() or text[i-1] == "_")):
            end = '"' + m.group(1)
            j = text.find(end, m.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c == "'":
            m = re.compile(r"'(\\(x..|u\{[0-9a-fA-F]+\}|.)|[^\\'])'").match(text, i)
            if m:
                out.append(" " * (m.end() - i)); i = m.end()
            else:
                out.append(c); i += 1
        else:
            out.append(c); i += 1
    return "".join(out)

files = []
for d, _, fs in os.walk(src):
    for f in fs:
        if f.endswith(".rs"):
            files.append(os.path.join(d, f))
files.sort()

sizes, funcs = [], []
deps = defaultdict(set)
xml_loops = []
FN = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+\"C\"\s+)?fn\s+(\w+)")
for p in files:
    rel = os.path.relpath(p, src)
    text = open(p, encoding="utf-8").read()
    lines = text.split("\n")
    sizes.append((len(lines) - (1 if text.endswith("\n") else 0), rel))
    top = rel.split("/")[0].removesuffix(".rs")
    s = strip(text)
    # Dependencies of the code, not of its docs or unit tests (a `#[cfg(test)] mod` to the end).
    code = s
    if rel.endswith("/tests.rs") or "/tests/" in rel:
        code = ""
    t = re.search(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", code)
    if t:
        code = code[:t.start()]
    for m in re.finditer(r"(?:crate|tamis)::(\w+)", code):
        if m.group(1) != top:
            deps[top].add(m.group(1))
    # `use crate::{a, b::c}` groups
    for m in re.finditer(r"use (?:crate|tamis)::\{([^}]*)\}", code, re.S):
        for name in re.findall(r"(?:^|,)\s*(\w+)", m.group(1)):
            if name != top and name != "self":
                deps[top].add(name)
    for m in re.finditer(r"\.read_event(?:_into)?\s*\(", s):
        xml_loops.append(f"{rel}:{s[:m.start()].count(chr(10)) + 1}")
    slines = s.split("\n")
    in_test = False
    for i, line in enumerate(slines):
        m = FN.match(line)
        if not m:
            continue
        # find the body: first `{` or `;` after the signature
        j, k = i, line.find(m.group(1))
        depth, start, done = 0, None, False
        while j < len(slines) and not done:
            seg = slines[j][k:] if j == i else slines[j]
            for ch in seg:
                if start is None and ch == ";" and depth == 0:
                    done = True; break
                if ch == "{":
                    if start is None: start = j
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if start is not None and depth == 0:
                        done = True; break
            if not done: j += 1
        if start is not None:
            funcs.append((j - i + 1, f"{rel}:{i + 1} {m.group(1)}"))

modules = sorted({os.path.relpath(p, src).split("/")[0].removesuffix(".rs") for p in files})
mods = set(modules)
print("## files:", len(files), "lines:", sum(s for s, _ in sizes))
print("## ten largest files")
for s, r in sorted(sizes, reverse=True)[:10]:
    print(f"{s:6} {r}")
print("## ten largest functions")
for s, r in sorted(funcs, reverse=True)[:10]:
    print(f"{s:6} {r}")
print("## functions over 100 lines:", sum(1 for s, _ in funcs if s > 100))
print("## XML read loops (read_event calls):", len(xml_loops), " ".join(xml_loops))
print("## module dependencies (crate:: paths, top-level modules)")
for m in modules:
    d = sorted(x for x in deps.get(m, ()) if x in mods)
    print(f"{m} -> {', '.join(d)}")
# cycles of two
cyc = sorted({tuple(sorted((a, b))) for a in deps for b in deps[a] if b in mods and a in deps.get(b, ())})
print("## two-module cycles:", len(cyc), " ".join(f"{a}<->{b}" for a, b in cyc))

# strongly connected components (cycles of any length)
graph = {m: sorted(x for x in deps.get(m, ()) if x in mods) for m in modules}
index, low, stack, on, comps = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index); stack.append(v); on.add(v)
    for w in graph[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: comps.append(sorted(comp))
for m in modules:
    if m not in index: visit(m)
print("## modules in a cycle (strongly connected components):", len(comps), " ".join("{" + ", ".join(c) + "}" for c in comps))
