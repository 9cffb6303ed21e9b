"""The strategy film in Chromium: nothing from YouTube until asked, then the player, by keyboard."""

import pytest

pytestmark = pytest.mark.browser

PLAYER_HOSTS = ("https://www.youtube-nocookie.com/", "https://player.vimeo.com/")


@pytest.fixture
def visitor(browser, film_site):
    """A fresh browser profile that records every request and stands in for the player."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    # This machine has no internet; answer for the video host so the player "loads".
    context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!DOCTYPE html><title>Player</title>"
        ),
    )
    yield context
    context.close()


def other_hosts(requests, own):
    return [url for url in requests if not url.startswith(own)]


def open_home(context, base):
    page = context.new_page()
    assert page.goto(base + "/").status == 200
    page.wait_for_load_state("networkidle")
    return page


def test_home_page_contacts_no_other_host_until_the_visitor_presses_play(visitor, film_site):
    page = open_home(visitor, film_site)
    assert page.locator("iframe").count() == 0
    assert other_hosts(visitor.requests, film_site) == []
    assert visitor.cookies() == []

    page.locator("[data-film-play]").focus()
    page.keyboard.press("Enter")
    frame = page.locator("iframe.film__frame")
    frame.wait_for()
    assert (
        frame.get_attribute("src")
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert frame.get_attribute("title") == "Our strategy"
    assert frame.get_attribute("allow") == "autoplay; fullscreen; picture-in-picture"
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert page.locator("[data-film-play]").count() == 0
    page.wait_for_load_state("networkidle")
    assert all(url.startswith(PLAYER_HOSTS) for url in other_hosts(visitor.requests, film_site))
    assert other_hosts(visitor.requests, film_site)  # and the player was requested
    assert visitor.cookies() == []  # no choice remembered unless asked


def test_play_button_works_with_the_space_bar_too(visitor, film_site):
    page = open_home(visitor, film_site)
    page.locator("[data-film-play]").focus()
    page.keyboard.press(" ")
    page.locator("iframe.film__frame").wait_for()


def test_button_is_named_for_screen_readers(visitor, film_site):
    page = open_home(visitor, film_site)
    button = page.get_by_role("button", name="Play video: Our strategy")
    assert button.is_visible()
    transcript = page.locator("details.film__transcript")
    transcript.locator("summary").focus()
    page.keyboard.press("Enter")
    assert transcript.get_attribute("open") is not None
    assert page.get_by_text("Narrator: Leeds works together.").is_visible()


def test_remembered_choice_loads_the_player_directly_and_can_be_withdrawn(visitor, film_site):
    page = open_home(visitor, film_site)
    page.get_by_label("Remember my choice").check()
    page.get_by_role("button", name="Play video: Our strategy").click()
    page.locator("iframe.film__frame").wait_for()

    [cookie] = visitor.cookies()
    assert (cookie["name"], cookie["value"], cookie["sameSite"]) == (
        "lahp_video_consent",
        "yes",
        "Lax",
    )
    days_left = (cookie["expires"] - page.evaluate("Date.now() / 1000")) / 86400
    assert 364 < days_left <= 365

    later = open_home(visitor, film_site)
    frame = later.locator("iframe.film__frame")
    assert frame.count() == 1
    # Loaded straight away, but it does not start playing until asked.
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"

    cookies_page = visitor.new_page()
    cookies_page.goto(film_site + "/cookies/")
    status = cookies_page.locator("[data-consent-status]")
    assert "You have chosen to play videos straight away" in status.inner_text()
    cookies_page.get_by_role("button", name="Withdraw my choice").click()
    assert "Your choice has been withdrawn" in status.inner_text()
    assert visitor.cookies() == []

    again = open_home(visitor, film_site)
    assert again.locator("iframe").count() == 0
    assert again.locator("[data-film-play]").is_visible()


def test_withdrawing_works_without_javascript(browser, film_site):
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(
        [{"name": "lahp_video_consent", "value": "yes", "url": film_site, "sameSite": "Lax"}]
    )
    page = context.new_page()
    page.goto(film_site + "/cookies/")
    page.get_by_role("button", name="Withdraw my choice").click()
    page.wait_for_url("**/cookies/?video-consent-withdrawn=1#video-cookie-settings")
    assert context.cookies() == []
    # Without JavaScript the page itself confirms it, where the settings are.
    assert page.locator("[data-consent-status]").inner_text() == (
        "Your choice has been withdrawn. Videos will load only when you press play."
    )
    assert page.locator("#video-cookie-settings").is_visible()
    context.close()


def test_without_javascript_the_film_is_still_reachable(browser, film_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(film_site + "/")
    assert not page.locator("[data-film-play]").is_visible()
    link = page.get_by_role("link", name="Watch on YouTube: Our strategy")
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    page.locator("details.film__transcript summary").click()
    assert page.get_by_text("Narrator: Leeds works together.").is_visible()
    context.close()


def test_no_content_security_policy_violations_when_the_film_plays(visitor, film_site):
    page = visitor.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(film_site + "/")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Play video: Our strategy").click()
    page.locator("iframe.film__frame").wait_for()
    page.wait_for_load_state("networkidle")
    assert [m for m in messages if "Content Security Policy" in m] == []


# --- The site's own film, played here ------------------------------------------------


@pytest.fixture
def own_film_visitor(browser, seeded_site):
    """A fresh profile on the seeded site (its own film), recording requests and responses."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.requests, context.responses = [], []
    context.on("request", lambda request: context.requests.append(request.url))
    context.on("response", lambda response: context.responses.append(response))
    yield context
    context.close()


def test_the_sites_own_film_plays_seeks_and_loads_its_tracks(own_film_visitor, seeded_site):
    visitor = own_film_visitor
    page = visitor.new_page()
    assert page.goto(seeded_site + "/").status == 200
    page.wait_for_load_state("networkidle")
    video = page.locator("video")
    # Nothing of the film downloads until the visitor asks (preload="none").
    assert not [url for url in visitor.requests if "/films/" in url and url.endswith(".mp4")]

    # Press Play on the browser's own controls, by keyboard.
    video.focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('video').currentTime > 1", timeout=15000)
    assert not video.evaluate("video => video.paused")
    assert video.evaluate("video => video.currentSrc").endswith((".mp4", ".webm"))

    # Its tracks load: the text description and the chapters, each with a cue per card
    # or per part. Neither is drawn over the picture (they are not captions).
    tracks = video.evaluate(
        """video => [...video.querySelectorAll("track")].map(track =>
            [track.kind, track.readyState, track.track.cues ? track.track.cues.length : 0,
             track.track.mode])"""
    )
    loaded = {kind: cues for kind, ready, cues, _mode in tracks if ready == 2}
    assert loaded == {"descriptions": 15, "chapters": 3}, tracks

    # A jump to a chapter is a seek, and the site answers it with part of the file.
    page.get_by_role("button", name="Our programmes").click()
    page.wait_for_function("() => document.querySelector('video').currentTime > 75")
    partial = [
        response
        for response in visitor.responses
        if "/films/" in response.url and response.status == 206
    ]
    assert partial, [(r.url, r.status) for r in visitor.responses if "/films/" in r.url]
    assert partial[-1].headers["content-range"].startswith("bytes ")

    # Nothing from anywhere else, and no cookies, before or after playing.
    assert [url for url in visitor.requests if not url.startswith(seeded_site)] == []
    assert visitor.cookies() == []
    print(
        f"played to {video.evaluate('video => video.currentTime'):.1f} s of "
        f"{video.evaluate('video => video.duration'):.1f} s; "
        f"{len(partial)} partial (206) responses; tracks {tracks}"
    )


def test_on_a_phone_the_play_button_leaves_the_whole_poster_visible(browser, film_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    assert page.goto(film_site + "/").status == 200
    page.wait_for_load_state("networkidle")
    poster = page.locator("img.film__poster").bounding_box()
    button = page.get_by_role("button", name="Play video: Our strategy").bounding_box()
    context.close()
    assert poster["width"] > 250
    assert button["y"] >= poster["y"] + poster["height"] - 0.5, (poster, button)
