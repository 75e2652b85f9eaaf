"""Headless Chromium (Playwright) on the local dashboard: nothing but 127.0.0.1 is fetched."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.tools import need

FLAGS = [
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = ("http://127.0.0.1", "data:", "blob:")


@contextmanager
def local_page(width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A page of a fresh headless Chromium whose requests outside 127.0.0.1 are aborted."""
    from playwright.sync_api import sync_playwright

    (chromium,) = need("chromium")
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(LOCAL) else route.abort()
                ),
            )
            yield page
        finally:
            browser.close()
