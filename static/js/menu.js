/*
 * The menu button for narrow screens.
 *
 * Without JavaScript the navigation is always shown and the button never is,
 * so nobody is left without a menu. The page marks itself "js" before it is
 * first drawn (see home/middleware.py), and the styles then show the button
 * and fold the menu away on narrow screens from the start, so nothing moves
 * when this module runs. It makes the button show and hide the menu, tell
 * screen readers whether it is open (aria-expanded), and close with Escape,
 * returning focus to itself.
 */

const WIDE_SCREEN = "(min-width: 48em)";
const OPEN = "site-header--menu-open";

function setUpMenu(header) {
    const button = header.querySelector("[data-menu-button]");
    const nav = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) {
        return;
    }
    const wide = window.matchMedia(WIDE_SCREEN);

    const isOpen = () => button.getAttribute("aria-expanded") === "true";

    const setOpen = (open) => {
        button.setAttribute("aria-expanded", String(open));
        header.classList.toggle(OPEN, open);
    };

    button.addEventListener("click", () => setOpen(!isOpen()));

    header.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && isOpen() && !wide.matches) {
            setOpen(false);
            button.focus();
        }
    });

    wide.addEventListener("change", () => setOpen(false));
}

document.querySelectorAll("[data-menu]").forEach(setUpMenu);
