// Keyboard use of Material's search.
(function () {
  var input = document.querySelector(".md-search__input");
  var results = document.querySelector(".md-search__scrollwrap");
  var toggle = document.getElementById("__search");
  if (!input || !results || !toggle) return;

  // The results area is a tab stop so its results can be scrolled by
  // keyboard, but before anything is typed it has no height and the focus
  // disappears into it. Make it a tab stop only while there is a query.
  function update() {
    results.tabIndex = input.value.trim() ? 0 : -1;
  }
  input.addEventListener("input", update);
  update();

  // Search opens when its box gets the focus, and covers the page. Close it
  // when the focus moves on, or the next Tab stops would be hidden under it.
  document.addEventListener("focusin", function (event) {
    if (toggle.checked && !event.target.closest(".md-search")) toggle.click();
  });

  // On narrow screens Material stops the page scrolling while search is
  // open, and on closing jumps back to where the page was, which can leave
  // the newly focused element off screen. Bring it back into view.
  new MutationObserver(function () {
    var focused = document.activeElement;
    if (document.body.hasAttribute("data-md-scrolllock")) return;
    if (!focused || focused === document.body || focused.closest(".md-search")) return;
    focused.scrollIntoView({ block: "nearest" });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
})();
