"""The command line shared by the scripts that generate committed files (gen_docs.py,
gen_schema.py): write the file when it changed, or ``--check`` that it is up to date."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def generated_file_main(
    description: str, default_path: Path, render: Callable[[], str], script: str, argv: list[str] | None = None
) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale; write nothing")
    parser.add_argument("--path", type=Path, default=default_path, help="the file to write or check")
    args = parser.parse_args(argv)
    text = render()
    current = args.path.read_text(encoding="utf-8") if args.path.is_file() else None
    if current == text:
        print(f"{args.path} is up to date")
        return 0
    if args.check:
        print(f"{args.path} is stale: run `python scripts/{script}`", file=sys.stderr)
        return 1
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.path}")
    return 0
