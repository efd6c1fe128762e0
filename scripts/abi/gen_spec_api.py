#!/usr/bin/env python3
"""Extracts every function prototype and handler role the CoNDIS spec writes out, and emits
signature checks for tests/header/use_*.c, one file per ndis.h area:

- SPEC_FUNCTION(Name, RET, (params), "where"): an NDIS service; the check takes its address into a
  pointer of exactly the spec's type, so a different return or parameter type fails to compile.
- SPEC_ROLE(ROLE, Name, RET, (params), "where"): a driver handler. The check declares a function
  with the role typedef (as drivers do: `PROTOCOL_CM_MAKE_CALL MyCmMakeCall;`) and takes its
  address into a pointer of the spec's type. The role comes from the section heading
  ("ProtocolCmMakeCall (PROTOCOL_CM_MAKE_CALL)") or from a `typedef RET (ROLE)(...)` block.
- SPEC_HANDLER_POINTER(ROLE, POINTER, "where"): the pointer typedef is a pointer to the role.

The area of a name is the header under include/condis/ndis/ that declares it. Names that no
header declares are written to spec_api_missing.txt (the coverage test reads it).
    scripts/abi/gen_spec_api.py ../shared/spec include tests/header
"""
import pathlib
import re
import sys

PROTOTYPE = re.compile(r'^([A-Z_][A-Z0-9_]*(?:\s*\*)?)\s+(\w+)\s*\(', re.M)
ROLE_TYPEDEF = re.compile(r'^typedef\s+([A-Z_][A-Z0-9_]*(?:\s*\*)?)\s*\(\s*([A-Z_][A-Z0-9_]*)\s*\)\s*\(', re.M)
INLINE_PROTOTYPE = re.compile(r'`([A-Z_][A-Z0-9_]*(?: \*)?) ([A-Za-z]\w+)(\([^`]*\))`')
HEADING = re.compile(r'^#{3,5} [\d.]+ (\w+) \(([A-Z_][A-Z0-9_]*)\)')
POINTER_ROW = re.compile(r'^\| `([A-Z][A-Z0-9_]+)` \| `([A-Z][A-Z0-9_]+)` \|')
AREAS = ['base', 'services', 'nbl', 'oid', 'driver', 'co']


def strip_comments(text):
    return re.sub(r'//[^\n]*', '', re.sub(r'/\*.*?\*/', '', text, flags=re.S))


def parameter_list(code, start):
    """The balanced parenthesised list that opens at code[start], as one line."""
    depth = 0
    for i in range(start, len(code)):
        depth += {'(': 1, ')': -1}.get(code[i], 0)
        if depth == 0:
            return ' '.join(code[start:i + 1].split())
    return None


def scan(spec: pathlib.Path):
    functions, roles, handler_role, pointers = {}, {}, {}, {}
    inline = {}  # prototypes written in running text or tables: used where no code block has one
    for md in sorted(spec.glob('*.md')):
        lines = md.read_text().splitlines()
        block, block_start, in_code = [], 0, False
        for number, line in enumerate(lines, 1):
            heading = HEADING.match(line)
            if heading:
                handler_role.setdefault(heading.group(1), heading.group(2))
            row = POINTER_ROW.match(line)
            if row and row.group(1).startswith(('PROTOCOL_', 'PROTCOL_', 'MINIPORT_')) and \
                    not row.group(2).startswith(('PROTOCOL_', 'MINIPORT_')) or \
                    row and row.group(2) == 'MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER' or \
                    row and row.group(2) == 'MINIPORT_CANCEL_OID_REQUEST_HANDLER':
                pointers.setdefault(row.group(2), (row.group(1), f'{md.name}:{number}'))
            if not in_code:
                for m in INLINE_PROTOTYPE.finditer(line):
                    inline.setdefault(m.group(2), (m.group(1), ' '.join(strip_comments(m.group(3)).split()),
                                                   f'{md.name}:{number}'))
            if line.startswith('```'):
                if in_code:
                    code = strip_comments('\n'.join(block))
                    for m in ROLE_TYPEDEF.finditer(code):
                        params = parameter_list(code, code.index('(', m.end() - 1))
                        if params:
                            roles.setdefault(m.group(2), (' '.join(m.group(1).split()), params,
                                                          f'{md.name}:{block_start}'))
                    for m in PROTOTYPE.finditer(code):
                        ret, name = ' '.join(m.group(1).split()), m.group(2)
                        if ret in ('typedef', 'return', 'define') or name.isupper():
                            continue
                        params = parameter_list(code, m.end() - 1)
                        if params and code[m.end() - 1 + len(params.replace(' ', '')):].strip():
                            pass
                        if params:
                            functions.setdefault(name, (ret, params, f'{md.name}:{block_start}'))
                    block = []
                in_code, block_start = not in_code, number
                continue
            if in_code:
                block.append(line)
    for name, entry in inline.items():
        functions.setdefault(name, entry)
    return functions, roles, handler_role, pointers


def role_from_name(name, known_roles):
    """ProtocolCoStatusEx -> PROTOCOL_CO_STATUS_EX, when the spec's role tables list that name."""
    snake = re.sub(r'(?<=[a-z0-9])(?=[A-Z])', '_', name.replace('QoS', 'Qos')).upper()
    return snake if snake in known_roles else None


def is_handler(name):
    return name.startswith(('Protocol', 'Miniport', 'Net', 'Driver', 'Mini')) and not name.startswith('Ndis')


def main() -> int:
    spec, include, out_dir = (pathlib.Path(a) for a in sys.argv[1:4])
    functions, roles, handler_role, pointers = scan(spec)
    headers = {area: (include / 'condis' / 'ndis' / f'{area}.h').read_text() for area in AREAS}

    def area_of(name):
        for area in AREAS:
            if re.search(r'\b' + re.escape(name) + r'\b', headers[area]):
                return area
        return None

    out = {area: [] for area in AREAS}
    missing = []
    for name, (ret, params, where) in sorted(functions.items()):
        if is_handler(name):
            role = handler_role.get(name) or role_from_name(name, {r for r, _ in pointers.values()})
            if not role:
                continue  # a handler the spec shows without naming its role typedef
            roles_entry = roles.get(role)
            area = area_of(role)
            line = f'SPEC_ROLE({role}, {name}, {ret}, {params}, "{where}")'
        else:
            area = area_of(name)
            line = f'SPEC_FUNCTION({name}, {ret}, {params}, "{where}")'
            if area and re.search(r'#\s*define\s+' + re.escape(name) + r'\(', headers[area]):
                # A macro in the WDK too (NdisMoveMemory and friends): no address to take.
                line = (f'#ifndef {name} /* {where}: a function-like macro, as in the WDK */\n'
                        f'#error "{name} is neither a function nor a macro"\n#endif')
        (out[area] if area else missing).append(line)
    declared_roles = {l.split('(')[1].split(',')[0] for lines in out.values() for l in lines if l.startswith('SPEC_ROLE')}
    for role, (ret, params, where) in sorted(roles.items()):
        if role in declared_roles:
            continue
        area = area_of(role)
        line = f'SPEC_ROLE({role}, condis_{role.lower()}, {ret}, {params}, "{where}")'
        (out[area] if area else missing).append(line)
    for pointer, (role, where) in sorted(pointers.items()):
        area = area_of(pointer)
        line = f'SPEC_HANDLER_POINTER({role}, {pointer}, "{where}")'
        (out[area] if area else missing).append(line)

    banner = '/* Generated by scripts/abi/gen_spec_api.py from the CoNDIS spec; do not edit. */\n'
    for area, lines in out.items():
        (out_dir / f'spec_api_{area}.inc').write_text(banner + '\n'.join(lines) + '\n')
    (out_dir / 'spec_api_missing.txt').write_text(
        '# Spec prototypes and roles that no ndis.h area declares (generated by scripts/abi/gen_spec_api.py).\n' +
        ''.join(l + '\n' for l in missing))
    print(' '.join(f'{a}:{len(l)}' for a, l in out.items()), f'missing:{len(missing)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
