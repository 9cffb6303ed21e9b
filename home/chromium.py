"""The system's Chromium, for `make screenshots` and the browser tests.

Debian's `chromium` package (or the binary in LAHP_CHROMIUM); Playwright's own
browser download is never used. The flags keep it from reaching out to the
internet on start-up.
"""

import os
import shutil

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "Chromium is not installed. Install it with `sudo apt-get install chromium` "
    "(or set LAHP_CHROMIUM to its path)."
)


def find_chromium() -> str | None:
    candidates = [os.environ.get("LAHP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((path for path in candidates if path and os.path.exists(path)), None)
