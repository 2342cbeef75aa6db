// A filter box for long checkbox lists (the municipality picker): typing narrows the list
// to the options whose label contains the text; chosen options always stay visible. The
// page works without this script: the box stays hidden and the whole list is shown.
document.addEventListener("DOMContentLoaded", () => {
  const fold = (text) => text.toLocaleLowerCase("nb").trim();
  for (const wrapper of document.querySelectorAll("[data-choice-filter]")) {
    const box = wrapper.querySelector("[data-choice-filter-box]");
    const fieldset = wrapper.querySelector("fieldset");
    const list = fieldset && fieldset.querySelector(".choice-group__options");
    if (!box || !list) {
      continue;
    }
    const input = box.querySelector("[data-choice-filter-input]");
    const status = box.querySelector("[data-choice-filter-status]");
    const options = Array.from(list.children).filter((node) => node.querySelector("input"));
    list.id = input.getAttribute("aria-controls");
    fieldset.insertBefore(box, list);
    box.hidden = false;

    const report = () => {
      const shown = options.filter((option) => !option.hidden).length;
      const chosen = options.filter((option) => option.querySelector("input").checked).length;
      status.textContent = status.dataset.template
        .replace("{shown}", shown)
        .replace("{total}", options.length)
        .replace("{chosen}", chosen);
    };
    const update = () => {
      const wanted = fold(input.value);
      for (const option of options) {
        const checked = option.querySelector("input").checked;
        option.hidden = !(checked || !wanted || fold(option.textContent).includes(wanted));
      }
      report();
    };
    input.addEventListener("input", update);
    // A choice is counted at once; an unticked option stays in view until the next search.
    list.addEventListener("change", report);
    // Enter in the filter box filters; it does not submit the form half-filled.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    update();
  }
});
