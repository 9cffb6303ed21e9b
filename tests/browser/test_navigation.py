"""Keyboard, screen reader and small-screen behaviour of the site's navigation, in Chromium."""

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def menu_state(page):
    return page.locator("[data-menu-button]").get_attribute("aria-expanded")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(open_page):
    page = open_page("/aims/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_phone_menu_opens_with_enter_and_closes_with_escape(open_page):
    page = open_page("/", **PHONE)
    nav = page.locator("#primary-nav")
    button = page.locator("[data-menu-button]")
    assert button.is_visible()
    assert not nav.is_visible()
    assert menu_state(page) == "false"

    button.focus()
    page.keyboard.press("Enter")
    assert menu_state(page) == "true"
    assert nav.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#primary-nav') !== null")

    page.keyboard.press("Escape")
    assert menu_state(page) == "false"
    assert not nav.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-button')")


def test_phone_menu_opens_with_space_and_its_links_work(open_page):
    page = open_page("/", **PHONE)
    page.locator("[data-menu-button]").focus()
    page.keyboard.press(" ")
    assert menu_state(page) == "true"
    page.locator("#primary-nav").get_by_role("link", name="Our programmes").click()
    page.wait_for_url("**/programmes/")
    assert page.locator("h1").inner_text() == "Our programmes"


def test_wide_screens_show_the_menu_without_a_button(open_page):
    page = open_page("/")
    assert not page.locator("[data-menu-button]").is_visible()
    assert page.locator("#primary-nav").is_visible()
    links = page.locator("#primary-nav a").all_inner_texts()
    assert links == ["Home", "Our aims", "Our programmes", "Our members"]


def test_wide_screens_have_the_name_menu_and_search_on_one_row(open_page):
    page = open_page("/")
    boxes = [
        page.locator(selector).bounding_box()
        for selector in [".site-header__brand", "#primary-nav", "header form[role=search]"]
    ]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 24, boxes
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]


LAYOUT_SHIFTS = """
    window.__shifts = [];
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) window.__shifts.push(entry.value);
        }
    }).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("size", [(375, 812), (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/", "/programmes/one-leeds-workforce/"])
def test_nothing_moves_once_the_scripts_run(browser, seeded_site, size, path):
    """Cumulative layout shift 0: the menu is folded away before the page is first drawn."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    assert page.goto(seeded_site + path).status == 200
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert sum(shifts) == 0, shifts


def test_without_javascript_the_menu_is_open_and_reachable(open_page):
    page = open_page("/", javascript=False, **PHONE)
    assert not page.locator("[data-menu-button]").is_visible()
    assert page.locator("#primary-nav").is_visible()
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Home"


@pytest.mark.parametrize(
    "path", ["/", "/aims/", "/programmes/", "/programmes/one-leeds-workforce/"]
)
def test_pages_fit_a_320px_screen_without_sideways_scrolling(open_page, path):
    page = open_page(path, **PHONE)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_pages_load_nothing_from_other_hosts_and_set_no_cookies(browser, seeded_site):
    context = browser.new_context()
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    for path in ["/", "/aims/", "/programmes/", "/programmes/one-leeds-workforce/"]:
        assert page.goto(seeded_site + path).status == 200
        page.wait_for_load_state("networkidle")
    assert requested, "the browser recorded no requests at all"
    assert [url for url in requested if not url.startswith(seeded_site)] == []
    assert context.cookies() == []
    context.close()
