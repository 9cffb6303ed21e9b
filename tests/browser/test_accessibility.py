"""WCAG 2.2 AA and privacy, checked in Chromium on every page type and state.

axe-core scans each state at a phone and a desktop size; the tests after the
scans check what axe cannot: focus that is visible and not hidden, target
sizes, reflow and text zoom, pages without JavaScript, heading structure, and
that nothing leaves this site or is stored before a visitor asks.
"""

import itertools
import json
from dataclasses import dataclass

import pytest

from home.models import HomePage, Partner
from programmes.models import ProgrammePage
from tests.factories import FilmFactory, ImageFactory, StandardPageFactory

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = (320, 640)
DESKTOP = (1280, 800)


@dataclass(frozen=True)
class State:
    name: str
    path: str
    status: int = 200
    action: str = ""  # what to do once the page has loaded
    sizes: tuple = (PHONE, DESKTOP)


STATES = [
    State("home with the site's own film", "/"),
    State("home with the film playing", "/", action="play_own_film"),
    State("a page with a YouTube film's poster", "/film-on-youtube/"),
    State("a YouTube film playing", "/film-on-youtube/", action="play_film"),
    # The menu button exists only on narrow screens (below 48em); wider, the menu
    # is always open, and that state is scanned with every other page.
    State("mobile menu open", "/", action="open_menu", sizes=(PHONE,)),
    State("aims index", "/aims/"),
    State("an aim", "/aims/reduce-health-inequalities/"),
    State("programmes index", "/programmes/"),
    State("a programme with partners", "/programmes/one-leeds-workforce/"),
    State("members page", "/members/"),
    State("accessibility statement", "/accessibility-statement/"),
    State("privacy notice", "/privacy/"),
    State("cookies page with its settings", "/cookies/"),
    State("search with results", "/search/?q=health"),
    State("search with no results", "/search/?q=zebra"),
    # An old site address that no redirect covers: the 404 page with suggestions.
    State("page not found", "/projects/one-leeds-workforce-academy/", status=404),
]
PUBLIC_PAGES = [state for state in STATES if not state.action]


@pytest.fixture
def site(seeded_site):
    """The seeded site with everything a visitor can meet: its own film on the home page,
    a YouTube film on another page, partners with logos, search."""
    partners = [
        Partner.objects.create(
            name=name,
            partner_type=kind,
            website=f"https://{slug}.example.org/",
            logo=ImageFactory(),
            logo_alt_text=name,
            description="Works with the partnership.",
            live=True,
        )
        for name, kind, slug in [
            ("An NHS trust", Partner.Type.NHS_TRUST, "trust"),
            ("A university", Partner.Type.UNIVERSITY, "university"),
        ]
    ]
    workforce = ProgrammePage.objects.get(slug="one-leeds-workforce")
    workforce.partners.set(partners)
    workforce.save_revision().publish()
    StandardPageFactory(
        parent=HomePage.objects.get(),
        title="Our strategy on YouTube",
        slug="film-on-youtube",
        body=[("film", {"introduction": "Watch it on YouTube.", "film": FilmFactory()})],
    )
    return seeded_site


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(width, height, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        # This machine has no internet: answer for the video player ourselves.
        context.route(
            "https://www.youtube-nocookie.com/**",
            lambda route: route.fulfill(
                status=200,
                content_type="text/html",
                body='<!DOCTYPE html><html lang="en"><title>Player</title><p>Player</p></html>',
            ),
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def open_state(context, base, state):
    page = context.new_page()
    response = page.goto(base + state.path)
    # axe passes an error page without complaint: check it is the page we meant.
    assert response.status == state.status, f"{state.path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    if state.action == "play_own_film":
        video = page.locator("video")
        video.evaluate("video => video.play()")
        page.wait_for_function("() => document.querySelector('video').currentTime > 0.2")
    elif state.action == "play_film":
        page.get_by_role("button", name="Play video: Our strategy").click()
        page.locator("iframe.film__frame").wait_for()
        page.wait_for_load_state("networkidle")
    elif state.action == "open_menu":
        page.locator("[data-menu-button]").click()
        assert page.locator("#primary-nav").is_visible()
    return page


def run_axe(page, script):
    page.add_script_tag(path=str(script))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )


def report(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}")
    return "\n".join(lines)


# --- axe-core ---------------------------------------------------------------------


def test_the_scanner_finds_a_real_violation(browser, axe_script, context_factory):
    """Proves the scans below are live: a missing alt text must be reported."""
    page = context_factory(*DESKTOP).new_page()
    page.set_content('<html lang="en"><title>Control</title><main><img src="x.png"></main></html>')
    results = run_axe(page, axe_script)
    assert "image-alt" in {violation["id"] for violation in results["violations"]}


@pytest.mark.parametrize("state", STATES, ids=[state.name for state in STATES])
def test_no_axe_violations(site, axe_script, context_factory, state):
    failures = {}
    for width, height in state.sizes:
        # The scanner is injected as an inline script, which the site's Content
        # Security Policy rightly blocks; the test browser is told to allow it.
        context = context_factory(width, height, bypass_csp=True)
        page = open_state(context, site, state)
        results = run_axe(page, axe_script)
        assert results["passes"], "axe ran no checks at all"
        if results["violations"]:
            failures[f"{width}x{height}"] = report(results["violations"])
    assert not failures, "\n".join(f"{size}:\n{text}" for size, text in failures.items())


def test_the_scans_run_every_wcag_22_aa_and_best_practice_rule(
    browser, axe_script, context_factory
):
    page = context_factory(*DESKTOP).new_page()
    page.set_content('<html lang="en"><title>Rules</title></html>')
    page.add_script_tag(path=str(axe_script))
    rules = page.evaluate("tags => axe.getRules(tags).length", AXE_TAGS)
    version = page.evaluate("axe.version")
    print(f"axe-core {version}: {rules} rules for {', '.join(AXE_TAGS)}")
    assert rules > 80


# --- Keyboard -----------------------------------------------------------------------

FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, iframe, "
    "video[controls], [tabindex]:not([tabindex='-1'])"
)


STYLE_OF = """el => { const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.color, s.textDecorationLine].join('|'); }"""


def tab_through(page, limit=200):
    """Press Tab from the top of the page until focus leaves it; describe each stop."""
    page.evaluate(
        "sel => document.querySelectorAll(sel).forEach((el, i) => el.dataset.tabStop = i)",
        FOCUSABLE,
    )
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """style => {
                const el = document.activeElement;
                if (!el || el === document.body || !el.dataset.tabStop) return null;
                el.scrollIntoView({block: 'center', behavior: 'instant'});
                const box = el.getBoundingClientRect();
                const at = document.elementFromPoint(
                    box.left + box.width / 2, box.top + box.height / 2);
                return {
                    id: el.dataset.tabStop,
                    key: el.outerHTML.slice(0, 120),
                    visible: box.width > 0 && box.height > 0,
                    uncovered: !!at && (el === at || el.contains(at) || at.contains(el)),
                    focused: (new Function('return ' + style))()(el),
                };
            }""",
            STYLE_OF,
        )
        if stop is not None and stops and stop["id"] == stops[-1]["id"]:
            continue  # Tab moved between a video's own controls, inside the element
        if stop is None or any(seen["id"] == stop["id"] for seen in stops):
            break
        stop["blurred"] = page.evaluate(
            """([id, style]) => {
                const el = document.querySelector(`[data-tab-stop="${id}"]`);
                el.blur();
                const result = (new Function('return ' + style))()(el);
                el.focus();
                return result;
            }""",
            [stop["id"], STYLE_OF],
        )
        stops.append(stop)
    return stops


@pytest.mark.parametrize(
    "path", ["/", "/programmes/one-leeds-workforce/", "/cookies/", "/search/?q=health"]
)
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_control_is_reachable_with_a_visible_unhidden_focus(
    site, context_factory, path, size
):
    page = open_state(context_factory(*size), site, State(path, path))
    focused = tab_through(page)
    reachable = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(el => { const b = el.getBoundingClientRect(); return b.width > 0 && b.height > 0
                && getComputedStyle(el).visibility !== 'hidden'; }).length""",
        FOCUSABLE,
    )
    assert len(focused) >= reachable, "some controls cannot be reached with Tab"
    problems = []
    for item in focused:
        if not item["visible"]:
            problems.append(f"invisible when focused: {item['key']}")
        if not item["uncovered"]:
            problems.append(f"hidden behind other content when focused: {item['key']}")
        # A player's controls (an iframe's, a video's) draw their own focus rings.
        if item["focused"] == item["blurred"] and not item["key"].startswith(("<iframe", "<video")):
            problems.append(f"no visible focus indicator: {item['key']}")
    assert problems == []


@pytest.mark.parametrize("state", PUBLIC_PAGES, ids=[state.name for state in PUBLIC_PAGES])
def test_targets_are_at_least_24_pixels(site, context_factory, state):
    for size in (PHONE, DESKTOP):
        page = open_state(context_factory(*size), site, state)
        small = page.evaluate(
            """selector => [...document.querySelectorAll(selector)].filter(el => {
                const box = el.getBoundingClientRect();
                if (box.width === 0 || box.height === 0) return false;
                // WCAG 2.5.8's inline exception: a link inside a sentence.
                const parent = el.parentElement;
                const inline = el.tagName === 'A'
                    && parent.matches('p, li, dd, address, td, figcaption')
                    && parent.textContent.trim() !== el.textContent.trim();
                return !inline && (box.width < 24 || box.height < 24);
            }).map(el => {
                const box = el.getBoundingClientRect();
                const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
                return `${el.outerHTML.slice(0, 100)} ${size}`;
            })""",
            "a[href], button:not([hidden]), input:not([type=hidden]), summary, select",
        )
        assert small == [], f"{size}: {small}"


# --- Reflow and zoom ------------------------------------------------------------------


@pytest.mark.parametrize("state", PUBLIC_PAGES, ids=[state.name for state in PUBLIC_PAGES])
def test_pages_reflow_at_320px_and_survive_200_percent_text(site, context_factory, state):
    page = open_state(context_factory(*PHONE), site, state)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "scrolls sideways at 320px"
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > 320.5
                && !el.closest('.visually-hidden'))
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, (
        f"scrolls sideways at 320px with text at 200%: {wide[:5]}"
    )

    page = open_state(context_factory(*DESKTOP), site, state)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, "scrolls sideways at 200%"
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(el => {
            const style = getComputedStyle(el);
            if (el.closest('.visually-hidden') || el.closest('[hidden]')) return false;
            // A text box scrolls what is typed in it: that is not text cut off.
            if (el.matches('input, textarea, select')) return false;
            const clipping = ['hidden', 'clip'];
            const clips = clipping.includes(style.overflowX) || clipping.includes(style.overflowY);
            const over = el.scrollWidth > el.clientWidth + 1
                || el.scrollHeight > el.clientHeight + 1;
            return clips && over;
        }).map(el => el.outerHTML.slice(0, 100))"""
    )
    assert clipped == [], f"text cut off at 200%: {clipped}"


# --- Without JavaScript --------------------------------------------------------------


@pytest.mark.parametrize("state", PUBLIC_PAGES, ids=[state.name for state in PUBLIC_PAGES])
def test_everything_works_without_javascript(site, context_factory, state):
    page = open_state(context_factory(*PHONE, java_script_enabled=False), site, state)
    assert page.locator("main").inner_text().strip()
    assert page.locator("#primary-nav").is_visible()
    assert page.locator("#primary-nav a").count() >= 3
    assert page.locator("header form[role=search] input[name=q]").is_visible()
    if state.path == "/":
        assert page.locator("video[controls]").is_visible()  # the browser's own player
        page.locator("details.film__transcript summary").click()
        assert page.get_by_text("This film has no sound.").last.is_visible()
    if state.path == "/film-on-youtube/":
        assert page.get_by_role("link", name="Watch on YouTube: Our strategy").is_visible()
        page.locator("details.film__transcript summary").click()
        assert page.get_by_text("Narrator: this is how we work together.").is_visible()


# --- Headings and titles -------------------------------------------------------------


def test_one_h1_no_skipped_levels_and_unique_titles(site, context_factory):
    context = context_factory(*DESKTOP)
    titles = {}
    for state in PUBLIC_PAGES:
        page = open_state(context, site, state)
        levels = page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
        )
        assert levels.count(1) == 1, f"{state.path}: {levels.count(1)} h1s"
        assert levels[0] == 1, f"{state.path}: starts at h{levels[0]}"
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{state.path}: h{before} then h{after}"
        titles.setdefault(page.title(), []).append(state.path)
        page.close()
    assert all(len(paths) == 1 for paths in titles.values()), titles


# --- Privacy ----------------------------------------------------------------------------

RECORD_STORAGE = """
    window.__storageWrites = [];
    for (const name of ['setItem', 'removeItem', 'clear']) {
        const original = Storage.prototype[name];
        Storage.prototype[name] = function (...args) {
            window.__storageWrites.push(name + ' ' + JSON.stringify(args));
            return original.apply(this, args);
        };
    }
"""


def test_no_requests_elsewhere_no_cookies_and_no_storage_for_visitors(site, context_factory):
    context = context_factory(*PHONE)
    context.add_init_script(RECORD_STORAGE)
    requests, cookies_set = [], []
    context.on("request", lambda request: requests.append(request.url))

    def check_cookies(response):
        if "set-cookie" in response.headers:
            cookies_set.append(response.url)

    context.on("response", check_cookies)
    for state in [*PUBLIC_PAGES, State("menu", "/", action="open_menu")]:
        page = open_state(context, site, state)
        writes = page.evaluate(
            "[window.__storageWrites, localStorage.length, sessionStorage.length]"
        )
        assert writes == [[], 0, 0], f"{state.path} used browser storage: {writes}"
        page.close()
    assert [url for url in requests if not url.startswith(site)] == []
    assert cookies_set == []
    assert context.cookies() == []
    print(f"{len(requests)} requests, all to {site}: {json.dumps(sorted(set(requests))[:5])}…")
