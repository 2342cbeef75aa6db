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
