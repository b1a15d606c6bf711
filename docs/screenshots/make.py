"""Make the before/after screenshots of issue 24 (items 1, 2, 3, 6 and 11) from the demo.

Run it once on the code before the fixes and once on the code after, from each checkout's
root; it builds the demo in a temporary SQLite file, serves it, and drives Debian's Chromium.
The Word chapter is converted with LibreOffice (soffice) and pdftoppm, when installed.

    git worktree add /tmp/before eb07006
    (cd /tmp/before && ../main/.venv/bin/python ../main/docs/screenshots/make.py before)
    .venv/bin/python docs/screenshots/make.py after
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))  # the checkout being shown, not the installed package
OUT = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def serve(tmp: str):
    from werkzeug.serving import make_server

    from config import TestConfig
    from surveyapp import create_app
    from surveyapp.demo import load_demo
    from surveyapp.extensions import db

    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/demo.sqlite",
        RATELIMIT_ENABLED=False,
        WTF_CSRF_ENABLED=True,
    )
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, f"http://127.0.0.1:{server.server_port}"


def token_of(app, slug: str) -> str:
    from sqlalchemy import select

    from surveyapp.extensions import db
    from surveyapp.models import Invitation, Wave

    with app.app_context():
        return db.session.scalar(
            select(Invitation.token)
            .join(Wave, Wave.id == Invitation.wave_id)
            .where(Wave.slug == slug)
            .order_by(Invitation.id)
        )


def wave_id(app, slug: str) -> int:
    from sqlalchemy import select

    from surveyapp.extensions import db
    from surveyapp.models import Wave

    with app.app_context():
        return db.session.scalar(select(Wave.id).where(Wave.slug == slug))


def log_in(page, url: str, email: str) -> None:
    from surveyapp.demo import DEMO_PASSWORD

    page.goto(f"{url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def respondent_shots(browser, app, url: str, label: str) -> None:
    phone = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{url}/r/{token_of(app, 'vervolg-2026-samenwerking')}")
    page.get_by_role("link", name="Beginnen").click()
    worded = page.locator("fieldset", has=page.locator(".scale", has_text="Helemaal")).first
    worded.scroll_into_view_if_needed()
    worded.screenshot(path=OUT / f"1-worded-scale-{label}.png")
    phone.close()

    phone = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{url}/r/{token_of(app, 'monitoring-2021')}")
    page.get_by_role("link", name="Beginnen").click()
    page.locator(".counts-table").first.scroll_into_view_if_needed()
    page.screenshot(path=OUT / f"2-counts-table-phone-{label}.png")
    phone.close()

    desktop = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    page.goto(f"{url}/r/{token_of(app, 'monitoring-2021')}")
    page.get_by_role("link", name="Beginnen").click()
    first = page.locator(".counts-table tbody input").first
    first.fill(str(int(first.input_value() or 0) + 7))
    page.get_by_role("button", name="Volgende").click()
    page.locator("fieldset.counts").first.screenshot(path=OUT / f"3-check-last-year-{label}.png")
    desktop.close()


def staff_shots(browser, app, url: str, label: str, tmp: str) -> dict[str, int]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    log_in(page, url, "coordinator@surveyapp.test")
    page.goto(f"{url}/coordinate/waves/{wave_id(app, 'vervolg-2026-bevoegde-overheden')}")
    page.get_by_role("button", name="Herinneringen nu versturen").click()
    page.screenshot(path=OUT / f"6-wave-page-{label}.png")
    context.close()

    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    log_in(page, url, "evaluator@surveyapp.test")
    final = wave_id(app, "eind-2020-bevoegde-overheden")
    docx = Path(tmp) / "hoofdstuk.docx"
    docx.write_bytes(page.request.get(f"{url}/evaluate/waves/{final}/hoofdstuk.docx").body())
    context.close()
    return word_shots(docx, label)


def word_shots(docx: Path, label: str) -> dict[str, int]:
    """The chapter's first table and its first annex page as PNGs; the page counts."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        print("soffice or pdftoppm is not installed: no Word screenshots")
        return {}
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = docx.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        for n in range(1, pages + 1)
    ]
    table = next(n for n, t in enumerate(texts, 1) if "Gemiddelde cijfers" in t)
    annex = next(n for n, t in enumerate(texts, 1) if "Bijlage: dashboard" in t)
    for name, number in (("table", table), ("annex", annex)):
        target = OUT / f"11-word-{name}-{label}"
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                str(number),
                "-l",
                str(number),
                "-png",
                "-r",
                "70",
                "-singlefile",
                str(pdf),
                str(target),
            ],
            check=True,
        )
    return {"pages": pages, "annex_pages": pages - annex + 1}


def main() -> None:
    from playwright.sync_api import sync_playwright

    label = sys.argv[1] if len(sys.argv) > 1 else "after"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        app, url = serve(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        respondent_shots(browser, app, url, label)
        counts = staff_shots(browser, app, url, label, tmp)
        browser.close()
    print(f"{label}: screenshots in {OUT}; Word chapter {counts}")


if __name__ == "__main__":
    main()
