"""The ``readable`` command: ``demo`` (a small portal), ``normalize`` and ``script`` (the speech text)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="readable", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="serve the demo portal on this machine")
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    demo.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    demo.add_argument("--lang", choices=("vi", "en"), default="vi", help="toolbar language")

    commands.add_parser("normalize", help="read lines on stdin, write each line's spoken form")

    script = commands.add_parser("script", help="print an article's speech script as JSON")
    script.add_argument("file", type=Path, help="an article's HTML file")
    script.add_argument("--title", help="the article's title, if not its first heading")
    script.add_argument("--dialect", choices=("north", "south"), default="north")

    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import create_app

        app = create_app({"READABLE_LANGUAGE": args.lang})
        print(f"readable demo: http://{args.host}:{args.port}/", file=sys.stderr)
        app.run(host=args.host, port=args.port)
    elif args.command == "normalize":
        from .vi import normalize

        for line in sys.stdin:
            sys.stdout.write(normalize(line.rstrip("\n")) + "\n")
            sys.stdout.flush()
    elif args.command == "script":
        from .article import clean
        from .speech import build_script

        try:
            html = args.file.read_bytes()
        except OSError as error:
            parser.error(f"cannot read {args.file}: {error.strerror}")
        sentences = build_script(clean(html, title=args.title), dialect=args.dialect)
        json.dump([asdict(s) for s in sentences], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
