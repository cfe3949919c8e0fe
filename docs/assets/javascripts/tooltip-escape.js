// WCAG 1.4.13: a tooltip that appears on hover or focus must be dismissible
// without moving the pointer or the focus. Material's abbreviation tooltips
// are not, so Escape hides them until the focus moves or the pointer enters
// another abbreviation. (A class on <body>, because Material re-shows its
// tooltip whenever the page scrolls.)
(function () {
  var dismissed = "kb-tooltips-dismissed";
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") document.body.classList.add(dismissed);
  });
  function restore() {
    document.body.classList.remove(dismissed);
  }
  document.addEventListener("focusin", restore);
  document.addEventListener("pointerover", function (event) {
    if (event.target.closest && event.target.closest("abbr")) restore();
  });
})();
