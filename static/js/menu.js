/*
 * The menu button for narrow screens.
 *
 * Without JavaScript the navigation is always shown and the button stays
 * hidden, so nobody is ever left without a menu. With it, narrow screens get
 * a button that shows and hides the menu, tells screen readers whether it is
 * open (aria-expanded), and closes with Escape, returning focus to itself.
 */

const WIDE_SCREEN = "(min-width: 48em)";

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
        nav.hidden = !open && !wide.matches;
    };

    const fitToScreen = () => {
        button.hidden = wide.matches;
        setOpen(false);
    };

    button.addEventListener("click", () => setOpen(!isOpen()));

    header.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && isOpen() && !wide.matches) {
            setOpen(false);
            button.focus();
        }
    });

    wide.addEventListener("change", fitToScreen);
    fitToScreen();
}

document.querySelectorAll("[data-menu]").forEach(setUpMenu);
