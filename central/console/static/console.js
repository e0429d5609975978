// Asks before a destructive form is sent (forms marked data-confirm). No inline scripts:
// the console's Content-Security-Policy allows only files served from here.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
