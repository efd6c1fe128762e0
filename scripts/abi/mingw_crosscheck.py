#!/usr/bin/env python3
"""Cross-checks condis's include/ndis.h against Debian mingw-w64's ddk/ndis.h and ddk/atm.h.

Both headers are compiled by the same Windows x64 cross compiler (x86_64-w64-mingw32-gcc), so
the numbers come from an independent header but the same ABI rules. Steps:

1. Discover what the two headers share: clang's AST dump of each side gives the typedef names of
   complete structures and unions (with their members) and the enumerators; the preprocessor's
   macro dump gives the object-like macros. Names present on both sides are "shared".
2. Generate one probe source per side: an array of 64-bit values in its own section, one line per
   item (sizeof, alignment, offsetof of every shared member, the value of every shared constant).
   Items that do not compile on one side (a macro that is not an integer constant there) are
   dropped, round by round, and listed as skipped.
3. Extract the section with objcopy and compare. The signatures of the functions and handler
   pointer types both sides declare are compared too, as canonical shapes built from the AST
   (typedefs expanded, ULONG's unsigned long and unsigned int spelled alike). A difference fails the check unless
   scripts/abi/mingw_known_differences.txt lists it with its reason; a listed difference that no
   longer differs fails too, so the list stays true.

Nothing of mingw's header is copied into the repository: one known defect of it (a missing comma in
NdisMWanIndicateReceiveComplete's parameter list) is fixed in a scratch copy under the build tree.
"""
import argparse
import pathlib
import re
import struct
import subprocess
import sys

SECTION = '.cprobe'

# Includes mingw's kernel-mode NDIS headers. Its ntddndis.h and ddk/ndis.h both define
# NDIS_REQUEST_TYPE; the user-mode one is renamed out of the way.
MINGW_PRELUDE = """#include <ntddk.h>
#define _NDIS_REQUEST_TYPE condis_um_NDIS_REQUEST_TYPE
#define NDIS_REQUEST_TYPE condis_um_NDIS_REQUEST_TYPE_t
#define PNDIS_REQUEST_TYPE condis_um_PNDIS_REQUEST_TYPE_t
{renames}
#include <ntddndis.h>
#undef _NDIS_REQUEST_TYPE
#undef NDIS_REQUEST_TYPE
#undef PNDIS_REQUEST_TYPE
{undefs}
#include <ddk/ndis.h>
#include <ddk/atm.h>
"""
UM_REQUEST_TYPES = ['NdisRequestQueryInformation', 'NdisRequestSetInformation', 'NdisRequestQueryStatistics',
                    'NdisRequestOpen', 'NdisRequestClose', 'NdisRequestSend', 'NdisRequestTransferData',
                    'NdisRequestReset', 'NdisRequestGeneric1', 'NdisRequestGeneric2', 'NdisRequestGeneric3',
                    'NdisRequestGeneric4', 'NdisRequestMethod']
OURS_PRELUDE = '#include <ndis.h>\n'

# Macros both headers define that are not constants of the ABI (compiler and annotation plumbing).
IGNORED_MACROS = re.compile(r'^(_|__|NULL$|TRUE$|FALSE$|WIN|_WIN|NTDDI|NDIS_SUPPORT|NDIS\d|NDIS_API|NDISAPI|'
                            r'EXPORT|FASTCALL|NTAPI|DECLSPEC|IN$|OUT$|OPTIONAL$|UNREFERENCED|CONDIS_|'
                            r'MEMORY_ALLOCATION_ALIGNMENT$)')

NODE = re.compile(r'^([| `]*)[|`]-(\w+) ')


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def mingw_prelude():
    renames = '\n'.join(f'#define {n} condis_um_{n}' for n in UM_REQUEST_TYPES)
    undefs = '\n'.join(f'#undef {n}' for n in UM_REQUEST_TYPES)
    return MINGW_PRELUDE.format(renames=renames, undefs=undefs)


def fixed_mingw_tree(sysroot: pathlib.Path, work: pathlib.Path) -> pathlib.Path:
    src = (sysroot / 'ddk' / 'ndis.h').read_text()
    bad = 'IN NDIS_HANDLE  MiniportAdapterHandle\n\tIN NDIS_HANDLE  NdisLinkContext);'
    if bad in src:
        src = src.replace(bad, 'IN NDIS_HANDLE  MiniportAdapterHandle,\n\tIN NDIS_HANDLE  NdisLinkContext);')
    out = work / 'mingw-fixed' / 'ddk'
    out.mkdir(parents=True, exist_ok=True)
    (out / 'ndis.h').write_text(src)
    return work / 'mingw-fixed'


class Side:
    """What one header declares: records by typedef name, enumerators, object-like macros."""

    def __init__(self, name, prelude, cflags):
        self.name, self.prelude, self.cflags = name, prelude, cflags
        self.records = {}  # typedef name -> list of member names usable with offsetof
        self.enumerators = set()
        self.macros = set()
        self.typedefs = {}  # typedef name -> its type as clang prints it (canonical where given)
        self.functions = {}  # function name -> (return type, [parameter types, canonical])

    def discover(self, clang, work: pathlib.Path):
        src = work / f'discover_{self.name}.c'
        src.write_text(self.prelude)
        ast = run([clang, '--target=x86_64-w64-mingw32', '-fsyntax-only', '-w', '-Xclang', '-ast-dump',
                   '-fno-color-diagnostics', *self.cflags, str(src)])
        if ast.returncode != 0:
            sys.exit(f'{self.name}: clang could not parse the header:\n{ast.stderr[-4000:]}')
        self._parse_ast(ast.stdout.splitlines())
        macros = run([clang, '--target=x86_64-w64-mingw32', '-E', '-dM', '-w', *self.cflags, str(src)])
        for line in macros.stdout.splitlines():
            m = re.match(r'#define (\w+) (.+)$', line)
            if m and not IGNORED_MACROS.match(m.group(1)):
                self.macros.add(m.group(1))

    def _parse_ast(self, lines):
        tag_members = {}
        typedef_tag = {}
        current = None  # members of the top-level record being read
        pending_field = None
        function = None  # parameter list of the top-level function being read
        for line in lines:
            m = NODE.match(line)
            if not m:
                continue
            depth, kind = (len(m.group(1)) + 2) // 2, m.group(2)
            if depth == 1:
                current = None
                function = None
                if kind == 'FunctionDecl':
                    f = re.search(r" (\w+) '([^']*?) \(", line)
                    if f:
                        function = []
                        self.functions[f.group(1)] = (f.group(2), function)
                if kind == 'TypedefDecl':
                    t = re.search(r" (\w+) '([^']*)'(?::'([^']*)')?$", line)
                    if t:
                        self.typedefs[t.group(1)] = t.group(3) or t.group(2)
                if kind == 'RecordDecl':
                    r = re.search(r' (?:struct|union) (\w+) definition$', line)
                    if r:
                        current = tag_members.setdefault(r.group(1), [])
                elif kind == 'TypedefDecl':
                    t = re.search(r" (\w+) '(?:[^']*)'(?::'([^']*)')?$", line)
                    if t:
                        canonical = t.group(2) or re.search(r"'([^']*)'", line).group(1)
                        r = re.fullmatch(r'(?:struct|union) (\w+)', canonical)
                        if r:
                            typedef_tag[t.group(1)] = r.group(1)
                elif kind == 'EnumDecl':
                    pass
                continue
            if kind == 'EnumConstantDecl':
                e = re.search(r' (?:referenced |used )*(\w+) \'', line)
                if e:
                    self.enumerators.add(e.group(1))
                continue
            if function is not None and depth == 2 and kind == 'ParmVarDecl':
                types = re.findall(r"'([^']*)'", line)
                if types:
                    function.append(types[-1])
                continue
            if current is None:
                continue
            if depth == 2 and kind in ('FieldDecl', 'IndirectFieldDecl'):
                f = re.search(r' col:\d+(?: referenced| used| implicit)* (\w+) \'', line)
                pending_field = None
                if f and f.group(1) != 'implicit':
                    current.append(f.group(1))
                    pending_field = (current, f.group(1))
                continue
            if depth == 3 and pending_field and kind in ('ConstantExpr', 'IntegerLiteral'):
                # A bit-field width: offsetof does not apply.
                pending_field[0].remove(pending_field[1])
                pending_field = None
        for name, tag in typedef_tag.items():
            if tag in tag_members:
                self.records[name] = tag_members[tag]


# Names both sides get from the C runtime headers (string.h and what it pulls in), not from NDIS.
CRT_NAMES = {'LC_ID', 'SIZE_MAX', 'USE___UUIDOF', 'DontUseThisType'}


def ndis_name(name):
    return name[0].isupper() and name not in CRT_NAMES and not name.startswith('MINGW')


def probe_items(ours: Side, mingw: Side):
    items = []
    for name in sorted(n for n in set(ours.records) & set(mingw.records) if ndis_name(n)):
        items.append((f'sizeof({name})', f'sizeof({name})'))
        items.append((f'alignof({name})', f'_Alignof({name})'))
        for member in sorted(set(ours.records[name]) & set(mingw.records[name])):
            items.append((f'offsetof({name}, {member})', f'__builtin_offsetof({name}, {member})'))
    for name in sorted(n for n in (ours.enumerators | ours.macros) & (mingw.enumerators | mingw.macros)
                       if ndis_name(n)):
        items.append((name, f'(unsigned long long)(long long)({name})'))
    return items


LONG_WORDS = [(re.compile(r'\bunsigned long long\b'), 'unsigned __int64'), (re.compile(r'\blong long\b'), '__int64'),
              (re.compile(r'\bunsigned long\b'), 'unsigned int'), (re.compile(r'\blong\b'), 'int'),
              (re.compile(r'\bunsigned __int64\b'), 'unsigned long long'), (re.compile(r'\b__int64\b'), 'long long')]


def resolve(side: Side, text: str, depth=0) -> str:
    """Expands typedef names in a type as clang prints it (each between the grouping marks
    OPEN and CLOSE, which unlike parentheses never mean a parameter list), then spells
    LLP64 widths one way: ULONG is unsigned long in mingw and unsigned int in condis, 32 bits on
    Windows x64 either way."""
    if depth > 30:
        return text
    expanded = re.sub(r'\b[A-Za-z_]\w*\b',
                      lambda m: OPEN + side.typedefs[m.group(0)] + CLOSE if m.group(0) in side.typedefs else m.group(0),
                      text)
    if expanded != text:
        return resolve(side, expanded, depth + 1)
    for pattern, replacement in LONG_WORDS:
        text = pattern.sub(replacement, text)
    return re.sub(r'\b(struct|union|enum) ', '', text)


OPEN, CLOSE = '\x01', '\x02'
NESTING = {')': 1, CLOSE: 1, '(': -1, OPEN: -1}


def matching_open(text: str) -> int:
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += NESTING.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def split_top(text: str):
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth -= NESTING.get(c, 0)
        if c == ',' and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def shape(text: str) -> str:
    """A canonical spelling of a resolved C type: ptr(...), fn(return; parameters) or a base type."""
    t = text.strip()
    while (t[:1], t[-1:]) in (('(', ')'), (OPEN, CLOSE)) and matching_open(t) == 0:
        t = t[1:-1].strip()
    if t.endswith(')') and t[matching_open(t)] == '(':
        i = matching_open(t)
        inner, head = t[i + 1:-1].strip(), t[:i].strip()
        if inner == '*':
            return f'ptr({shape(head)})'
        params = [shape(p) for p in split_top(inner)]
        params = [] if params == ['void'] else params
        if head.endswith('(*)'):
            return f'ptr(fn({shape(head[:-3])}; {", ".join(params)}))'
        return f'fn({shape(head)}; {", ".join(params)})'
    if t.endswith('*'):
        return f'ptr({shape(t[:-1])})'
    for mark in '()' + OPEN + CLOSE:
        t = t.replace(mark, ' ')
    return ' '.join(t.split())


def signature(side: Side, name: str) -> str:
    ret, params = side.functions[name]
    shapes = [shape(resolve(side, p)) for p in params]
    return f'fn({shape(resolve(side, ret))}; {", ".join(s for s in shapes if s != "void")})'


def pointer_type(side: Side, name: str) -> str:
    return shape(resolve(side, side.typedefs[name]))


def compare_signatures(ours: Side, mingw: Side):
    """(label, ours, mingw) for every NDIS function and handler pointer type both headers declare."""
    for name in sorted(n for n in set(ours.functions) & set(mingw.functions) if ndis_name(n)):
        yield f'signature({name})', signature(ours, name), signature(mingw, name)
    for name in sorted(n for n in set(ours.typedefs) & set(mingw.typedefs) if ndis_name(n)):
        if '(*)' in ours.typedefs[name] or '(*)' in mingw.typedefs[name]:
            yield f'signature({name})', pointer_type(ours, name), pointer_type(mingw, name)


def probe_source(prelude, items):
    body = ''.join(f'  {expr},\n' for _, expr in items)
    return (prelude + f'__attribute__((section("{SECTION}"), used))\n'
            f'const unsigned long long condis_probe[] = {{\n  0,\n{body}}};\n')


def compile_probe(side: Side, items, cc, work: pathlib.Path):
    """Compiles the probe, dropping items that fail; returns (kept items, dropped items, object)."""
    header_lines = probe_source(side.prelude, []).count('\n') - 1  # line of the first item
    dropped = []
    for _ in range(20):
        src = work / f'probe_{side.name}.c'
        obj = work / f'probe_{side.name}.o'
        src.write_text(probe_source(side.prelude, items))
        r = run([cc, '-c', '-w', '-std=gnu11', *side.cflags, '-o', str(obj), str(src)])
        if r.returncode == 0:
            return items, dropped, obj
        bad = set()
        for m in re.finditer(re.escape(src.name) + r':(\d+):', r.stderr):
            index = int(m.group(1)) - header_lines - 1
            if 0 <= index < len(items):
                bad.add(index)
        if not bad:
            sys.exit(f'{side.name}: probe does not compile:\n{r.stderr[-4000:]}')
        dropped += [items[i] for i in sorted(bad)]
        items = [it for i, it in enumerate(items) if i not in bad]
    sys.exit(f'{side.name}: probe still fails after 20 rounds')


def read_values(objcopy, obj: pathlib.Path, count):
    raw = obj.with_suffix('.bin')
    r = run([objcopy, '-O', 'binary', '-j', SECTION, str(obj), str(raw)])
    if r.returncode != 0:
        sys.exit(r.stderr)
    data = raw.read_bytes()[: 8 * (count + 1)]
    values = struct.unpack(f'<{count + 1}Q', data)
    return values[1:]


def load_known(path: pathlib.Path):
    known = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        item, _, reason = line.partition(' | ')
        known[item.strip()] = reason.strip()
    return known


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--source-dir', required=True)
    ap.add_argument('--work-dir', required=True)
    ap.add_argument('--cc', default='x86_64-w64-mingw32-gcc')
    ap.add_argument('--objcopy', default='x86_64-w64-mingw32-objcopy')
    ap.add_argument('--clang', default='clang')
    ap.add_argument('--sysroot', default='/usr/x86_64-w64-mingw32/include')
    ap.add_argument('--list', action='store_true', help='print every compared item')
    args = ap.parse_args()

    source = pathlib.Path(args.source_dir)
    work = pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    sysroot = pathlib.Path(args.sysroot)
    fixed = fixed_mingw_tree(sysroot, work)

    ours = Side('ours', OURS_PRELUDE, ['-I', str(source / 'include')])
    mingw = Side('mingw', mingw_prelude(), ['-I', str(fixed), '-I', str(sysroot / 'ddk')])
    ours.discover(args.clang, work)
    mingw.discover(args.clang, work)

    items = probe_items(ours, mingw)
    items, dropped_ours, _ = compile_probe(ours, items, args.cc, work)
    items, dropped_mingw, _ = compile_probe(mingw, items, args.cc, work)
    # Items dropped on the mingw side changed the list: rebuild ours from the final list.
    items, more_ours, obj_ours = compile_probe(ours, items, args.cc, work)
    _, _, obj_mingw = compile_probe(mingw, items, args.cc, work)
    if more_ours:
        sys.exit('probe lists did not converge')
    values_ours = read_values(args.objcopy, obj_ours, len(items))
    values_mingw = read_values(args.objcopy, obj_mingw, len(items))

    known = load_known(source / 'scripts' / 'abi' / 'mingw_known_differences.txt')
    failures, explained, agreed = [], [], 0
    seen_known = set()
    for (label, _), ov, mv in zip(items, values_ours, values_mingw):
        if args.list:
            print(f'{label} = {ov:#x} (mingw {mv:#x})')
        if ov == mv:
            agreed += 1
            continue
        line = f'{label}: condis {ov:#x}, mingw {mv:#x}'
        if label in known:
            seen_known.add(label)
            explained.append(f'{line} ({known[label]})')
        else:
            failures.append(line)
    signatures = list(compare_signatures(ours, mingw))
    for label, ov, mv in signatures:
        if args.list:
            print(f'{label} = {ov} (mingw {mv})')
        if ov == mv:
            agreed += 1
            continue
        line = f'{label}: condis {ov}, mingw {mv}'
        if label in known:
            seen_known.add(label)
            explained.append(f'{line} ({known[label]})')
        else:
            failures.append(line)
    stale = sorted(set(known) - seen_known)

    records = len([n for n in set(ours.records) & set(mingw.records) if ndis_name(n)])
    print(f'mingw cross-check: {len(items) + len(signatures)} items compared ({records} shared structures, '
          f'{len(signatures)} shared function signatures), {agreed} agree, '
          f'{len(explained)} known differences, {len(failures)} unexplained, '
          f'{len(dropped_ours) + len(dropped_mingw)} skipped (not integer constants on one side)')
    for line in explained:
        print(f'  known: {line}')
    for label, _ in dropped_ours + dropped_mingw:
        print(f'  skipped: {label}')
    for line in failures:
        print(f'  DIFFERENT: {line}')
    for label in stale:
        print(f'  STALE known difference (now equal or no longer shared): {label}')
    return 1 if failures or stale else 0


if __name__ == '__main__':
    sys.exit(main())
