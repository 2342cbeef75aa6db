// Sends Django's CSRF token with every htmx request (no inline script: the CSP forbids it).
document.addEventListener("htmx:configRequest", (event) => {
  const match = document.cookie.match(/(?:^|;\s*)(?:__Host-)?csrftoken=([^;]+)/);
  if (match) {
    event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
  }
});

// After a rejected form, move focus to its error summary so that keyboard and screen-reader
// users learn at once what to correct (the summary links to each field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".ds-error-summary");
  if (summary) {
    summary.focus();
  }
});

// A table container that scrolls sideways (a narrow screen, a wide table) can be reached and
// scrolled with the keyboard, and a screen reader names it after the table's caption.
function markScrollingTables() {
  document.querySelectorAll(".table-wrap").forEach((wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      const caption = wrap.querySelector("caption");
      const heading = caption ? caption.textContent.trim() : "";
      if (heading && !wrap.hasAttribute("aria-label")) {
        wrap.setAttribute("aria-label", heading);
      }
    } else if (wrap.getAttribute("tabindex") === "0") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
    }
  });
}

// The plan's section menu stays open beside the page on a wide screen and collapses above
// it on a narrow one (its summary then opens it); the main menu does the same on a phone.
const narrowScreen = window.matchMedia("(max-width: 60rem)");
const phoneScreen = window.matchMedia("(max-width: 40rem)");
function fitPlanMenu() {
  document.querySelectorAll("details.plan-nav").forEach((menu) => {
    menu.open = !narrowScreen.matches;
  });
  document.querySelectorAll("details.site-nav__menu").forEach((menu) => {
    menu.open = !phoneScreen.matches;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  markScrollingTables();
  fitPlanMenu();
  new ResizeObserver(markScrollingTables).observe(document.documentElement);
  narrowScreen.addEventListener("change", fitPlanMenu);
  phoneScreen.addEventListener("change", fitPlanMenu);
});
document.addEventListener("htmx:afterSettle", markScrollingTables);
