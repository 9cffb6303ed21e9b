/*
 * "Copy link" for the permanent link to a page. Without JavaScript, or where
 * the browser does not allow copying, the link is there to select or follow.
 */

function setUpShare(share) {
    const link = share.querySelector("[data-share-url]");
    const button = share.querySelector("[data-share-copy]");
    const status = share.querySelector("[data-share-status]");
    if (!link || !button || !navigator.clipboard) {
        return;
    }
    button.hidden = false;
    button.addEventListener("click", async () => {
        try {
            await navigator.clipboard.writeText(link.href);
            status.textContent = "Link copied.";
        } catch {
            status.textContent = "Your browser did not let us copy the link. Select it and copy it instead.";
        }
    });
}

document.querySelectorAll("[data-share]").forEach(setUpShare);
