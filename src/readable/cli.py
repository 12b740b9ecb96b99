"""The ``readable`` command: ``demo`` (a small portal), ``normalize`` and ``script`` (the speech text),
``speak`` (an article's MP3), ``say`` (one sentence's MP3, to hear a lexicon entry)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .audio.types import Manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="readable", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="serve the demo portal on this machine")
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    demo.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    demo.add_argument(
        "--lang", choices=("vi", "en", "auto"), default="vi", help="toolbar language (auto: the browser's)"
    )
    demo.add_argument(
        "--no-audio-ahead",
        action="store_true",
        help="do not make the articles' audio at start (their feed then lists them once listened to)",
    )

    commands.add_parser("normalize", help="read lines on stdin, write each line's spoken form")

    script = commands.add_parser("script", help="print an article's speech script as JSON")
    script.add_argument("file", type=Path, help="an article's HTML file")
    script.add_argument("--title", help="the article's title, if not its first heading")
    script.add_argument("--dialect", choices=("north", "south"), default="north")
    script.add_argument("--lang", default="vi", help='the article\'s language (default "vi"), e.g. "en"')

    speak = commands.add_parser("speak", help="make an article's MP3 (and its cues)")
    speak.add_argument("file", type=Path, help="an article's HTML file")
    speak.add_argument("-o", "--output", type=Path, required=True, help="the MP3 file to write")
    speak.add_argument(
        "--voice", choices=("gtts", "espeak"), help="only this voice (default: gtts, then espeak if it fails)"
    )
    speak.add_argument("--title", help="the article's title, if not its first heading")
    speak.add_argument("--dialect", choices=("north", "south"), default="north")
    speak.add_argument("--cues", type=Path, help="also write WebVTT cues to this file")
    speak.add_argument("--lang", default="vi", help='the article\'s language (default "vi"), e.g. "en"')
    speak.add_argument("--lexicon", type=Path, help="a lexicon file (written<TAB>spoken lines) to read with")

    say = commands.add_parser("say", help="speak one sentence into an MP3 (to hear a lexicon entry)")
    say.add_argument("text", help='the sentence, e.g. "Ca COVID mới."')
    say.add_argument("-o", "--output", type=Path, required=True, help="the MP3 file to write")
    say.add_argument(
        "--voice", choices=("gtts", "espeak"), help="only this voice (default: gtts, then espeak if it fails)"
    )
    say.add_argument("--dialect", choices=("north", "south"), default="north")
    say.add_argument("--lexicon", type=Path, help="a lexicon file (written<TAB>spoken lines) to read with")

    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import create_app, make_audio

        app = create_app({"READABLE_LANGUAGE": args.lang})
        if not args.no_audio_ahead:
            make_audio(app)  # for its feed; in threads, while it serves
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
        article = clean(html, title=args.title)
        sentences = build_script(article, dialect=args.dialect, lang=_lang(parser, args))
        json.dump([asdict(s) for s in sentences], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.command == "speak":
        return _speak(parser, args)
    elif args.command == "say":
        return _say(parser, args)
    return 0


def _lang(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """``--lang`` checked: a language both voices speak (``readable.languages``)."""
    from .languages import check

    try:
        return check(args.lang)
    except ValueError as error:
        parser.error(str(error))


def _lexicon(parser: argparse.ArgumentParser, path: Path | None) -> dict[str, str] | None:
    from .lexicon import read

    if path is None:
        return None
    try:
        return read(str(path))
    except OSError as error:
        parser.error(f"cannot read {path}: {error.strerror}")
    except ValueError as error:
        parser.error(f"{path}: {error}")


def _speak(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .article import clean
    from .audio import script as audio_script

    try:
        html = args.file.read_bytes()
    except OSError as error:
        parser.error(f"cannot read {args.file}: {error.strerror}")
    lexicon = _lexicon(parser, args.lexicon)
    manifest = audio_script.manifest(
        clean(html, title=args.title), dialect=args.dialect, lexicon=lexicon, lang=_lang(parser, args)
    )
    if not manifest["sentences"]:
        print("readable: this article has nothing to read", file=sys.stderr)
        return 1
    return _write(manifest, args)


def _say(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .vi import normalize

    spoken = normalize(args.text, dialect=args.dialect, lexicon=_lexicon(parser, args.lexicon))
    if not any(ch.isalnum() for ch in spoken):
        print("readable: nothing to read", file=sys.stderr)
        return 1
    print(f"đọc: {spoken}", file=sys.stderr)
    manifest: Manifest = {
        "title": "",
        "site": "",
        "date": "",
        "language": "vie",
        "sentences": [{"block_id": "", "text": args.text, "spoken": spoken}],
    }
    return _write(manifest, args)


def _write(manifest: Manifest, args: argparse.Namespace) -> int:
    """Make ``manifest``'s MP3 into ``args.output`` with ``args.voice`` (and cues into ``args.cues``)."""
    import os
    import tempfile

    from .audio.mp3 import ARTICLE_FORMAT
    from .generate import generate, webvtt
    from .languages import resolve
    from .tts.base import Voice, VoiceError
    from .tts.chain import VoiceChain
    from .tts.espeak import EspeakVoice
    from .tts.gtts import GTTSVoice

    names = [args.voice] if args.voice else ["gtts", "espeak"]
    gtts_lang, espeak = "vi", "vi"
    if "lang" in manifest:  # an article in another language: that language's voices
        language = resolve(manifest["lang"])
        gtts_lang, espeak = language.gtts, language.espeak
    voices: list[Voice] = [
        GTTSVoice(lang=gtts_lang) if name == "gtts" else EspeakVoice(espeak) for name in names
    ]
    progress = _Progress(len(manifest["sentences"]))
    # Written beside the target and renamed at the end: an interrupted run leaves no half file behind.
    directory = args.output.resolve().parent
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".readable-", suffix=".mp3")
    try:
        with os.fdopen(fd, "wb") as out:
            meta = generate(manifest, VoiceChain(voices), ARTICLE_FORMAT, out, on_sentence=progress)
        os.replace(tmp, args.output)
    except VoiceError as error:
        print(f"\nreadable: {error}", file=sys.stderr)
        return 1
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    progress.close()
    if getattr(args, "cues", None):
        args.cues.write_text(webvtt(meta, manifest), encoding="utf-8")
    voice = meta["voice"] if isinstance(meta["voice"], str) else ", ".join(meta["voice"])
    print(
        f"{args.output}: {meta['duration']:.1f} s, {len(meta['sentences'])} câu, giọng {voice}",
        file=sys.stderr,
    )
    return 0


class _Progress:
    """A progress bar on the terminal (a plain line per tenth when standard error is not a terminal)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            filled = round(30 * done / total)
            bar = "█" * filled + "░" * (30 - filled)
            sys.stderr.write(f"\r{bar} {done}/{total} câu")
            sys.stderr.flush()
        elif (tenth := 10 * done // total) != self.shown:
            self.shown = tenth
            print(f"{done}/{total} câu", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
