#!/usr/bin/env python3
"""Pictures of the reading bar for the README: drives Chromium over the demo portal and writes PNGs under
docs/screenshots/.

    python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

The demo runs in this process on a free loopback port, with the offline voice (no network) and a
temporary audio folder. Each picture is the top of the seed article in a fresh browser context whose
settings cookie says what the picture shows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from readable.demo import create_app  # noqa: E402

SEED = "/bai-viet/tong-ket-dai-hoi"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
#: name: (viewport, cookie settings, what to do before the picture)
SHOTS: dict[str, tuple[dict[str, int], str, str]] = {
    "default-1280": (DESKTOP, "", ""),
    "default-375": (PHONE, "", ""),
    "size-200-375": (PHONE, "size=200", ""),
    "theme-contrast-375": (PHONE, "theme=contrast", ""),
    "theme-dark-375": (PHONE, "theme=dark", ""),
    "theme-sepia-375": (PHONE, "theme=sepia", ""),
    "comfort-375": (PHONE, "theme=sepia&leading=loose&spacing=wide&width=narrow&font=legible", ""),
    "panel-open-1280": (DESKTOP, "", "panel"),
    "panel-open-375": (PHONE, "", "panel"),
    "mask-1280": (DESKTOP, "mask=on", "mask"),
    "playing-1280": (DESKTOP, "", "play"),
    "playing-375": (PHONE, "", "play"),
    "docked-375": (PHONE, "", "dock"),
}


class _Quiet(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("only", nargs="*", help="names of the pictures to make (default: all)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"READABLE_VOICES": ("espeak",), "READABLE_AUDIO_FOLDER": folder})
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=FLAGS)
                for name, (viewport, cookie, action) in SHOTS.items():
                    if args.only and name not in args.only:
                        continue
                    path = args.out / f"{name}.png"
                    shoot(browser, url, viewport, cookie, action, path)
                    print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} B")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


def shoot(browser: Any, url: str, viewport: dict[str, int], cookie: str, action: str, path: Path) -> None:
    context = browser.new_context(viewport=viewport, device_scale_factor=1, reduced_motion="reduce")
    if cookie:
        context.add_cookies([{"name": "readable", "value": cookie, "url": url}])
    page = context.new_page()
    page.goto(url + SEED)
    page.wait_for_load_state("networkidle")
    if action == "panel":
        page.locator(".readable-panel > summary").click()
    elif action == "mask":
        page.mouse.move(640, 470)  # over the lead paragraph
    elif action in ("play", "dock"):
        page.locator('[data-readable-action="play"]').click()
        page.wait_for_function(
            "() => document.querySelector('[data-readable-player]').dataset.readableState === 'playing'",
            timeout=60000,
        )
        page.wait_for_timeout(2500)
        if action == "dock":  # scrolled away while it plays, the transport docks at the bottom of the window;
            page.mouse.wheel(0, 1500)  # then paused, so the voice does not scroll the page back
            page.wait_for_selector("[data-readable-docked]")
            page.locator('[data-readable-action="play"]').click()
            page.mouse.wheel(0, 1500)
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    context.close()


if __name__ == "__main__":
    raise SystemExit(main())
