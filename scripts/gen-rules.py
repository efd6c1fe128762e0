#!/usr/bin/env python3
"""Generates src/verify/rules_catalogue.inc from section 4 ("Checkable rules") of the spec.

Every rule is a bullet `- **XX-NNN** [actors] text... *Check:* ...` in section 4 of a chapter.
For each one we emit its id, severity, a one-line summary and the section it lives in, sorted by
id so that find_rule() can binary-search the table.

Severity is derived from the spec's own wording, in this order:
  1. Leak    - the rule sits under a heading or group label that names leaks or resources left
               outstanding ("4.D Resources outstanding at halt...", "4.I Leaks per owner",
               "Leaks at teardown:"), or its *Check:* clause is a teardown check
               ("at teardown", "leak accounting only", "the leak report at ...").
  2. Warning - the rule's statement (the text before *Check*) says "should" and never "must",
               or its check is marked "(warning)" and the statement has no "must".
  3. Error   - everything else, including rules that mix a "must" with a "should": the catalogue
               carries the graver severity and a check site that reports the lesser part sets
               FindingBuilder::severity(Severity::Warning) itself.

The summary is the rule's first sentence (two when the first is shorter than 40 characters),
markdown and citations stripped, cut at a word boundary to at most 110 characters.

Usage: gen-rules.py [--spec-dir DIR] [--output FILE]   (FILE '-' or absent: stdout)
       gen-rules.py --check FILE                        (exit 1 if FILE is not what we generate)
"""
import argparse
import os
import re
import sys

CHAPTERS = ["call-management.md", "driver-model.md", "vc-data-requests.md"]
RULE_RE = re.compile(r"^- \*\*([A-Z]{2,6}-[0-9]{3})\*\*\s*(.*)$")
ID_RE = re.compile(r"\b[A-Z]{2,6}-[0-9]{3}\b")
HEADING_RE = re.compile(r"^###\s+(4\.[A-Z0-9]+)\s+(.*)$")
LABEL_RE = re.compile(r"^[A-Z][^-*#|].*:\s*$")  # "Leaks at teardown:" style group labels
LEAK_GROUP_RE = re.compile(r"\bleak|\boutstanding at\b", re.I)
LEAK_CHECK_RE = re.compile(r"^\s*(at teardown|leak accounting|the leak report at)", re.I)
MAX_SUMMARY = 110
LIST_ITEM = "\x01"
ASCII = {"\u00b5": "u", "\u2013": "-", "\u2014": "-", "\u2192": "->", "\u2264": "<=", "\u2265": ">=",
         "\u2026": "...", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}


def section4_lines(path):
    """The lines of section 4 of one chapter (from '## 4.' to the next '## ')."""
    inside = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("## "):
                inside = line.startswith("## 4.")
                continue
            if inside:
                yield line


def parse_chapter(path):
    """Yields (id, section, group label, full rule text) for every rule bullet of section 4.

    A rule runs from its `- **ID**` bullet to the next line that is not indented (a heading, the
    next bullet, a group label such as "Leaks at teardown:", or a paragraph); blank lines inside
    it (before an indented *Check:*) belong to it."""
    chapter = os.path.basename(path)
    subsection, label = "4", ""
    current = None
    for line in section4_lines(path):
        if not line.strip() or line.startswith(" "):
            if current:
                item = line.strip()
                if item.startswith("- "):  # a nested list item: marked so the summary can join it
                    item = LIST_ITEM + item[2:]
                current[3] += " " + item
            continue
        if current:
            yield current
            current = None
        m = HEADING_RE.match(line)
        if m:
            subsection, label = m.group(1), ""
            continue
        m = RULE_RE.match(line)
        if m:
            current = [m.group(1), f"{chapter} {subsection}", label, m.group(2)]
            continue
        if LABEL_RE.match(line):
            label = line.strip()
    if current:
        yield current


def strip_markdown(text):
    for k, v in ASCII.items():
        text = text.replace(k, v)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)           # [text](link)
    text = re.sub(r"\[(DDI|DDIX|NET|SDV|SLIC|H\d+|CALC)[^\]]*\]", "", text)  # citations
    # Emphasis markers go; a '*' inside `code` (NdisCm*) is part of the name and stays.
    pieces = text.split("`")
    text = "".join(p if i % 2 else p.replace("*", "") for i, p in enumerate(pieces))
    text = re.sub(r":\s*" + LIST_ITEM, ": ", text)
    text = re.sub(r"[;,.]?\s*" + LIST_ITEM, "; ", text)
    return re.sub(r"\s+", " ", text).strip()


def split_statement(text):
    """(statement, check): the text before and after the first '*Check'."""
    i = text.find("*Check")
    if i < 0:
        return text, ""
    check = text[i:]
    check = re.sub(r"^\*Check[^*]*:\*\s*", "", check)
    return text[:i], check


def first_sentences(text):
    # A sentence ends at '.', ':' or ';' followed by a space and a capital or a backtick, not after e.g./i.e.
    parts = re.split(r"(?<!e\.g)(?<!i\.e)(?<=[.])\s+(?=[A-Z`*(])", text)
    out = parts[0]
    if len(out) < 40 and len(parts) > 1:
        out += " " + parts[1]
    return out


def shorten(text):
    text = text.strip()
    if len(text) <= MAX_SUMMARY:
        return text
    cut = text[: MAX_SUMMARY - 3]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:(") + "..."


def severity(group_heading, label, statement, check):
    if LEAK_GROUP_RE.search(group_heading) or LEAK_GROUP_RE.search(label) or LEAK_CHECK_RE.search(check):
        return "Leak"
    has_must = re.search(r"\bmust\b", statement) is not None
    if not has_must and (re.search(r"\bshould\b", statement) or "(warning" in check):
        return "Warning"
    return "Error"


def build(spec_dir):
    rules = {}
    for chapter in CHAPTERS:
        path = os.path.join(spec_dir, chapter)
        headings = {}
        for line in section4_lines(path):
            m = HEADING_RE.match(line)
            if m:
                headings[m.group(1)] = m.group(2)
        for rule_id, section, label, text in parse_chapter(path):
            if rule_id in rules:
                raise SystemExit(f"gen-rules: {rule_id} defined twice ({rules[rule_id][2]} and {section})")
            body = re.sub(r"^\[[^\]]*\]\s*", "", text)  # drop the [actors] tag
            statement, check = split_statement(body)
            heading = headings.get(section.split(" ")[1], "")
            sev = severity(heading, label, statement, check)
            summary = shorten(first_sentences(strip_markdown(statement)))
            rules[rule_id] = (sev, summary, section)
    return rules


def c_string(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"')
    if any(ord(c) > 127 for c in s):
        raise SystemExit(f"gen-rules: non-ASCII text left in summary: {s!r}")
    return f'"{s}"'


def render(rules):
    out = ["// Generated by scripts/gen-rules.py from ../shared/spec (section 4 of each chapter).",
           "// Do not edit: change the spec or the generator and run `python3 scripts/gen-rules.py",
           "// --output src/verify/rules_catalogue.inc`. Sorted by id (find_rule binary-searches).",
           f"// {len(rules)} rules."]
    for rule_id in sorted(rules):
        sev, summary, section = rules[rule_id]
        out.append(f"{{{c_string(rule_id)}, Severity::{sev}, {c_string(summary)}, {c_string(section)}}},")
    return "\n".join(out) + "\n"


def all_ids_in_section4(spec_dir):
    ids = set()
    for chapter in CHAPTERS:
        for line in section4_lines(os.path.join(spec_dir, chapter)):
            ids.update(ID_RE.findall(line))
    return ids


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec-dir", default=os.environ.get("CONDIS_SPEC_DIR", os.path.join(here, "..", "..", "shared", "spec")))
    ap.add_argument("--output", default="-")
    ap.add_argument("--check", metavar="FILE", help="compare FILE with the generated text")
    args = ap.parse_args()

    rules = build(args.spec_dir)
    missing = all_ids_in_section4(args.spec_dir) - set(rules)
    if missing:
        raise SystemExit(f"gen-rules: ids named in section 4 but never defined: {sorted(missing)}")
    text = render(rules)
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            if f.read() != text:
                print(f"gen-rules: {args.check} is out of date; regenerate it", file=sys.stderr)
                return 1
        return 0
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
