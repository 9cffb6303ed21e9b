/*
 * In the admin: a counter under fields with a character limit (titles), so
 * editors see the limit before they reach it. "34 of 80 characters"; over the
 * limit it says by how much. Screen readers hear it with the field.
 */

function setUpCounter(input) {
    const limit = Number(input.dataset.characterLimit);
    const counter = document.createElement("p");
    counter.id = `${input.id}-character-count`;
    counter.className = "help lahp-character-count";
    const describedBy = [input.getAttribute("aria-describedby"), counter.id].filter(Boolean);
    input.setAttribute("aria-describedby", describedBy.join(" "));

    const update = () => {
        const used = input.value.length;
        const over = used - limit;
        counter.textContent = over > 0
            ? `${used} of ${limit} characters: ${over} too many`
            : `${used} of ${limit} characters`;
        counter.classList.toggle("error-message", over > 0);
    };
    input.addEventListener("input", update);
    input.insertAdjacentElement("afterend", counter);
    update();
}

document.querySelectorAll("[data-character-limit]").forEach(setUpCounter);
