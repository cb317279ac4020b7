"""Take the README's viewer screenshots: docs/viewer.png (an outlet clicked, its trace and route) and
docs/viewer-planning.png (the Planning tab with the bundled branch plan loaded).

Serves app.py with ``streamlit run`` (tests/viewer_drive.py, as the browser tests do) and drives Debian's
chromium (/usr/bin/chromium) with playwright; never a downloaded browser. Look at the PNGs before
committing them.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]     (default: docs)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from viewer_drive import CHROMIUM, PLAN_POINTS, click_at, served  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from cabling.readers.loader import load

    out.mkdir(parents=True, exist_ok=True)
    site = load(ROOT / "sites" / "branch.yaml").sites["acme-branch"]
    with served() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            page.goto(url + "/?site=branch&floor=2", wait_until="domcontentloaded")
            page.locator(PLAN_POINTS).first.wait_for(timeout=60_000)
            page.wait_for_timeout(800)
            click_at(page, *site.devices["2A-005"].at)
            page.locator(".stPlotlyChart .legendtext", has_text="Route H-2A-A05").wait_for(timeout=30_000)
            page.get_by_text("Trace from 2A-005:1").wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(out / "viewer.png"))
            page.close()

            page = browser.new_page(viewport={"width": 1380, "height": 970})
            page.goto(url + "/?site=branch&floor=2&plan=branch-expansion", wait_until="domcontentloaded")
            page.locator(".stPlotlyChart .legendtext", has_text="Planned outlet").wait_for(timeout=60_000)
            page.get_by_role("button", name="Download BR-2027-01-workorders.xlsx").wait_for(timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(out / "viewer-planning.png"))
            page.close()
        finally:
            browser.close()
    print(f"wrote {out / 'viewer.png'} and {out / 'viewer-planning.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
