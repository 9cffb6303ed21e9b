/*
 * Films hosted on YouTube or Vimeo, loaded only when the visitor asks.
 *
 * Hosted films: the page arrives with a poster, a "Watch on" link and a hidden play button,
 * and makes no request to the video host. This module shows the button; when
 * it is pressed, the button and poster are replaced by the host's
 * privacy-enhanced player, which starts playing and takes focus.
 *
 * If the visitor ticks "Remember my choice", a first-party cookie records it
 * for a year, and later films load straight into the player (without playing
 * until asked). The cookies page can withdraw the choice.
 */

const CONSENT_COOKIE = "lahp_video_consent";
const CONSENT_VALUE = "yes";
const ONE_YEAR = 60 * 60 * 24 * 365;
const ALLOW = "autoplay; fullscreen; picture-in-picture";

function hasConsent() {
    return document.cookie.split("; ").includes(`${CONSENT_COOKIE}=${CONSENT_VALUE}`);
}

function writeConsent(maxAge) {
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${CONSENT_COOKIE}=${CONSENT_VALUE}; Max-Age=${maxAge}; Path=/; SameSite=Lax${secure}`;
}

function playerUrl(film, autoplay) {
    const { provider, videoId, videoHash } = film.dataset;
    if (provider === "youtube") {
        const url = new URL(`https://www.youtube-nocookie.com/embed/${encodeURIComponent(videoId)}`);
        if (autoplay) url.searchParams.set("autoplay", "1");
        return url.href;
    }
    if (provider === "vimeo") {
        const url = new URL(`https://player.vimeo.com/video/${encodeURIComponent(videoId)}`);
        url.searchParams.set("dnt", "1");
        if (videoHash) url.searchParams.set("h", videoHash);
        if (autoplay) url.searchParams.set("autoplay", "1");
        return url.href;
    }
    return null;
}

function loadPlayer(film, { autoplay }) {
    const src = playerUrl(film, autoplay);
    const player = film.querySelector("[data-film-player]");
    if (!src || !player) {
        return null;
    }
    const frame = document.createElement("iframe");
    frame.className = "film__frame";
    frame.src = src;
    frame.title = film.dataset.title;
    frame.allow = ALLOW;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    player.replaceChildren(frame);
    film.querySelector("[data-film-remember]")?.remove();
    film.classList.add("film--playing");
    return frame;
}

function setUpFilm(film) {
    if (hasConsent()) {
        loadPlayer(film, { autoplay: false });
        return;
    }
    const button = film.querySelector("[data-film-play]");
    const remember = film.querySelector("[data-film-remember]");
    if (!button) {
        return;
    }
    button.hidden = false;
    if (remember) {
        remember.hidden = false;
    }
    button.addEventListener("click", () => {
        if (film.querySelector("[data-film-remember-input]")?.checked) {
            writeConsent(ONE_YEAR);
        }
        loadPlayer(film, { autoplay: true })?.focus();
    });
}

/*
 * The cookie settings arrive showing the right state already (the page's
 * inline script marks <html> with "video-consent"; styles pick the words).
 * Withdrawing here needs no page load: the cookie goes, and the words say so.
 */
function setUpConsentSettings(settings) {
    const form = settings.querySelector("[data-consent-withdraw]");
    const status = settings.querySelector("[data-consent-status]");
    form.addEventListener("submit", (event) => {
        event.preventDefault();
        writeConsent(0);
        document.documentElement.classList.remove("video-consent");
        status.textContent = "Your choice has been withdrawn. Videos will load only when you press play.";
        status.focus();
    });
    status.tabIndex = -1;
}

/*
 * A film played here: each chapter in the list under the player becomes a
 * button that plays the film from the start of that part. The list keeps its
 * size, so nothing on the page moves.
 */
function setUpChapters(film) {
    const video = film.querySelector("[data-film-video]");
    if (!video) {
        return;
    }
    // Load every track (only one can be on by default), without drawing any
    // that is not already shown: the text description is there for assistive
    // technology, the chapters for the list below.
    [...video.textTracks].forEach((track) => {
        if (track.mode === "disabled") {
            track.mode = "hidden";
        }
    });
    const chapters = film.querySelector("[data-film-chapters]");
    if (!chapters) {
        return;
    }
    chapters.querySelectorAll("li[data-start]").forEach((item) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "film__chapter-button";
        const action = document.createElement("span");
        action.className = "visually-hidden";
        action.textContent = "Play from ";
        button.append(action, ...item.childNodes);
        button.addEventListener("click", () => {
            video.currentTime = Number(item.dataset.start);
            video.play();
        });
        item.append(button);
    });
}

document.querySelectorAll("[data-film][data-provider]").forEach(setUpFilm);
document.querySelectorAll("[data-film]").forEach(setUpChapters);
document.querySelectorAll("[data-video-consent-settings]").forEach(setUpConsentSettings);
