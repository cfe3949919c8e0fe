// When nothing matches, search-worker.js lists a "did you mean" search and
// the pages that help a reader on, each marked kb-search-help. Material
// then counts them as matching pages: say plainly that nothing matched.
// search-on-demand.js loads this once a reader turns to search.
(function () {
  var list = document.querySelector(".md-search-result__list");
  var meta = document.querySelector(".md-search-result__meta");
  if (!list || !meta) return;
  var NOTHING = "No pages match your search. These may help:";
  new MutationObserver(function () {
    var help = list.querySelector(".kb-search-help");
    list.classList.toggle("kb-search-help-list", !!help);
    if (help && meta.textContent !== NOTHING) meta.textContent = NOTHING;
  }).observe(list, { childList: true });
})();
