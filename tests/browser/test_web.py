"""Real headless Chromium (Debian's, driven by Playwright) against the demo page, the widget and the staff page.

Screenshots of every step are kept in tests/artifacts/screenshots/ for a person to look at.
"""
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.serve import Servers

from ..test_e2e import free_port, model  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(model, tmp_path_factory):  # noqa: F811
    setup = subprocess.run([str(ROOT / "scripts" / "setup-browser")], capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    endpoints = tmp_path_factory.mktemp("web") / "endpoints.yml"
    endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
                         f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {endpoints.parent / 'tracker.db'}\n")
    with Servers(model, rasa_port, actions_port, endpoints=str(endpoints), web_port=web_port,
                 log_dir=ROOT / "tests" / "artifacts"):
        yield f"http://127.0.0.1:{web_port}"


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def ask(page, text):
    box = page.locator(".opas-input")
    box.fill(text)
    box.press("Enter")


def test_finnish_question_gets_the_service_card(site, page):
    page.goto(site + "/")
    expect(page.locator(".opas-bot").first).to_be_visible(timeout=30000)  # greeting
    shot(page, "01-fi-greeting")
    ask(page, "asun Kokkolassa ja tarvitsen apua asunnon kanssa")
    card = page.locator('.opas-card[data-service="kokkola-housing-advice"]')
    expect(card).to_be_visible(timeout=30000)
    expect(card.locator("a.opas-call").first).to_have_attribute("href", r"tel:\+?\d+") if card.locator(
        "a.opas-call").count() else None
    shot(page, "02-fi-answer-card")


def test_arabic_is_right_to_left_with_the_answer_card(site, page):
    page.goto(site + "/")
    expect(page.locator(".opas-bot").first).to_be_visible(timeout=30000)
    page.select_option(".opas-lang-select", "ar")
    expect(page.locator(".opas-widget")).to_have_attribute("dir", "rtl", timeout=10000)
    ask(page, "أحتاج مساعدة في إيجاد سكن في فاسا")
    expect(page.locator('.opas-card[data-service="vaasa-housing-advice"]')).to_be_visible(timeout=30000)
    shot(page, "03-ar-rtl-answer")


def test_conversation_survives_reload(site, page):
    page.goto(site + "/")
    expect(page.locator(".opas-bot").first).to_be_visible(timeout=30000)
    ask(page, "kaikukortti")
    expect(page.locator(".opas-user")).to_have_count(1, timeout=10000)
    expect(page.locator(".opas-bot").nth(1)).to_be_visible(timeout=30000)  # greeting and at least one answer
    page.wait_for_timeout(500)
    before = page.locator(".opas-msg").count()
    page.reload()
    expect(page.locator(".opas-msg")).to_have_count(before, timeout=30000)
    expect(page.locator(".opas-user").first).to_contain_text("kaikukortti")
    shot(page, "04-after-reload")


def test_html_in_a_message_is_shown_as_text(site, page):
    alerts = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(site + "/")
    expect(page.locator(".opas-bot").first).to_be_visible(timeout=30000)
    attack = "<img src=x onerror=alert(1)>"
    ask(page, attack)
    expect(page.locator(".opas-user .opas-text").last).to_have_text(attack, timeout=10000)
    expect(page.locator(".opas-bot").nth(1)).to_be_visible(timeout=30000)
    assert page.locator(".opas-log img").count() == 0 and alerts == []
    shot(page, "05-xss-as-text")


def test_usable_at_360_px(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/")
    expect(page.locator(".opas-bot").first).to_be_visible(timeout=30000)
    ask(page, "I need help with Kela")
    expect(page.locator(".opas-bot").nth(1)).to_be_visible(timeout=30000)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    shot(page, "06-360px")
    context.close()
    assert overflow <= 0


def test_keyboard_only_and_labels(site, page):
    page.goto(site + "/")
    expect(page.locator(".opas-bot").first).to_be_visible(timeout=30000)
    assert page.locator(".opas-log").get_attribute("aria-live") == "polite"
    assert page.locator(".opas-input").get_attribute("aria-label")
    page.locator(".opas-input").focus()
    page.keyboard.type("moi")
    page.keyboard.press("Enter")
    expect(page.locator(".opas-user")).to_have_count(1, timeout=10000)


def test_staff_page_search_with_filters(site, page):
    page.goto(site + "/staff")
    page.fill("#q", "asumisneuvonta")
    page.select_option("#city", "kokkola")
    first = page.locator(".result").first
    expect(first).to_have_attribute("data-service", "kokkola-housing-advice", timeout=10000)
    shot(page, "07-staff-fi")
    page.select_option("#lang", "sv")
    expect(page.locator(".result").first).to_have_attribute("lang", "sv", timeout=10000)
    page.fill("#q", "")
    page.select_option("#topic", "kaikukortti")
    expect(page.locator(".result").first).to_have_attribute("data-service", "kokkola-kaikukortti", timeout=10000)
    shot(page, "08-staff-sv-filtered")
