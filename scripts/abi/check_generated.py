#!/usr/bin/env python3
"""Fails when the generated spec checks in tests/header are out of date: regenerates them from
the spec and the current headers into a scratch folder and compares. The fix is to rerun
    scripts/abi/gen_spec_layout.py ../shared/spec > tests/header/spec_layout.inc
    scripts/abi/gen_spec_api.py ../shared/spec include tests/header
(for example after an area starts declaring a function listed in spec_api_missing.txt).
"""
import argparse
import difflib
import pathlib
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--spec', required=True)
    ap.add_argument('--source-dir', required=True)
    ap.add_argument('--work-dir', required=True)
    args = ap.parse_args()
    source, work = pathlib.Path(args.source_dir), pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    abi = source / 'scripts' / 'abi'
    layout = subprocess.run([sys.executable, str(abi / 'gen_spec_layout.py'), args.spec],
                            capture_output=True, text=True, check=True).stdout
    (work / 'spec_layout.inc').write_text(layout)
    subprocess.run([sys.executable, str(abi / 'gen_spec_api.py'), args.spec, str(source / 'include'), str(work)],
                   capture_output=True, text=True, check=True)
    stale = 0
    for fresh in sorted(work.iterdir()):
        committed = source / 'tests' / 'header' / fresh.name
        old = committed.read_text().splitlines() if committed.exists() else []
        new = fresh.read_text().splitlines()
        if old != new:
            stale += 1
            print(f'{committed} is out of date:')
            sys.stdout.writelines(l + '\n' for l in difflib.unified_diff(old, new, 'committed', 'regenerated',
                                                                         lineterm='', n=0))
    missing = [l for l in (work / 'spec_api_missing.txt').read_text().splitlines() if l and not l.startswith('#')]
    if missing:
        print(f'{len(missing)} spec prototypes are not declared by any ndis.h area yet '
              '(tests/header/spec_api_missing.txt)')
    return 1 if stale else 0


if __name__ == '__main__':
    sys.exit(main())
