// Material's search results area is a tab stop so its results can be
// scrolled by keyboard, but before anything is typed it has no height and
// the focus disappears into it. Make it a tab stop only while there is a query.
(function () {
  var input = document.querySelector(".md-search__input");
  var results = document.querySelector(".md-search__scrollwrap");
  if (!input || !results) return;
  function update() {
    results.tabIndex = input.value.trim() ? 0 : -1;
  }
  input.addEventListener("input", update);
  update();
})();
