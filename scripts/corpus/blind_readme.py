#!/usr/bin/env python3
"""Rewrites the "Figures" and "Documents" sections of corpus/blind/README.md from the labels
(run after scripts/corpus/gen_blind.py; the rest of the README is hand-written)."""
import collections
import re
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_blind import OUT, recipient  # noqa: E402


def main():
    fmt, wr, cat, ver, purp, role = (collections.Counter() for _ in range(6))
    n = neg = sens = distinct = 0
    rows = []
    for f in sorted((OUT / "labels").glob("*.toml")):
        lab = tomllib.loads(f.read_text(encoding="utf-8"))
        fmt[lab["format"]] += 1
        wr[lab["writer"]] += 1
        for m in lab["mention"]:
            c = m.get("count", 1)
            cat[m["category"]] += c
            n += c
            distinct += 1
            neg += m.get("negated", False)
            sens += m.get("sensitive", False)
        case = lab.get("case")
        desc = "—"
        if case:
            r = recipient(case["to"][0])[0]
            ver[case["verdict"]] += 1
            purp[case["purpose"]] += 1
            role[r] += 1
            desc = f"{case['purpose']} → `{case['to'][0]}` ({r}): {case['verdict']}"
        rows.append(f"| `{lab['document'][5:]}` | {lab['writer']} | {lab['format']} | "
                    f"{len(lab['mention'])} | {desc} |")

    def line(title, counter):
        return f"- {title}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common())

    figures = "\n".join([
        line("documents by format", fmt),
        line("documents by writer", wr),
        f"- mentions: {distinct} labelled phrases, {n} occurrences (with `count`); {neg} "
        f"negated / family-history phrases, {sens} sensitive-tier phrases",
        line("occurrences by category", cat),
        f"- decision cases: {sum(ver.values())}; " + line("verdicts", ver)[2:],
        line("cases by purpose", purp),
        line("cases by recipient role", role),
    ])
    table = ("| document | writer | format | phrases | case |\n|---|---|---|---|---|\n"
             + "\n".join(rows))
    readme = OUT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = re.sub(r"(## Figures\n\n).*?(\n\n## Documents\n\n).*?(\n\n## Label changes)",
                  lambda mo: mo.group(1) + figures + mo.group(2) + table + mo.group(3),
                  text, flags=re.S)
    readme.write_text(text, encoding="utf-8")
    print(figures)


if __name__ == "__main__":
    main()
