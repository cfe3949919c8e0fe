// Start search when a reader first turns to it, not on every page.
// Material's bundle requests search/search_index.json (settings only) as
// soon as a page loads, and its search worker then starts. This script runs
// before the bundle and holds that request back until the search box gets
// the focus or search is opened, so a first visit makes no search request.
// (From disk, Material loads search/search_index.js only once search is
// opened: nothing to hold back.)
(function () {
  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var released = false;

  // What the results line says when nothing matches (search-help.js) is
  // needed only once search is used: loaded then, not on every page.
  var helpScript = new URL("search-help.js", document.currentScript.src).href;

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (start) { start(); });
    var script = document.createElement("script");
    script.src = helpScript;
    document.head.appendChild(script);
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.isSearchIndex = INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.isSearchIndex || released) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  // A page opened from a search result (?h=) highlights the words searched
  // for, and ?q= opens search: both need the index straight away.
  var params = new URLSearchParams(location.search);
  if (params.has("h") || params.has("q")) release();

  // Focus reaches the search box by click, tap, Tab or Material's keyboard
  // shortcuts (f, s, /); the toggle covers opening search on a phone.
  function isSearch(target) {
    return target instanceof Element &&
      (target.id === "__search" || !!target.closest(".md-search, label[for='__search']"));
  }
  document.addEventListener("focusin", function (event) { if (isSearch(event.target)) release(); });
  document.addEventListener("pointerdown", function (event) { if (isSearch(event.target)) release(); });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) release();
  });
})();
