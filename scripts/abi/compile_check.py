#!/usr/bin/env python3
"""Runs one header compile test: compiles a source with the given compiler and flags and, for an
object built as C++, fails if an ndis.h function is referenced under a C++ mangled name (its
declaration lacks extern "C" and a C driver module could not link against libcondis).

    compile_check.py [--nm NM] [--object OUT.o] -- COMPILER ARGS...
"""
import argparse
import re
import subprocess
import sys

API = re.compile(r'^_Z\w*?\d+(Ndis|Mm|Ke|Nt|Rtl|Net|Ex)\w*')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nm', default='nm')
    ap.add_argument('--object')
    ap.add_argument('command', nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    r = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        return r.returncode
    if args.object:
        undefined = subprocess.run([args.nm, '-u', args.object], capture_output=True, text=True, check=True).stdout
        mangled = [line.split()[-1] for line in undefined.splitlines() if API.match(line.split()[-1])]
        if mangled:
            print('ndis.h functions referenced with C++ linkage (missing extern "C"):', *mangled, sep='\n  ')
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
