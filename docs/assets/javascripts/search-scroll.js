// A page opened from a search result (?h=words): Material marks the words
// searched for (mark[data-md-highlight]) once its search index has loaded,
// but leaves the page at the top. Bring the first marked word into view,
// smoothly unless the reader prefers reduced motion. A result for one
// section links to its heading (#id): then the first mark from that heading
// on, and only if it is not already in view. Nothing moves if the reader
// has already scrolled, tapped or pressed a key, or nothing is marked.
(function () {
  if (!new URLSearchParams(location.search).get("h")) return;
  var content = document.querySelector("article.md-content__inner");
  if (!content) return;
  var GIVE_UP_MS = 15000;
  var observer, timer;

  function stop() {
    if (observer) observer.disconnect();
    clearTimeout(timer);
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
      removeEventListener(type, stop, true);
    });
  }
  // The reader has moved on: leave the page where they put it.
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
    addEventListener(type, stop, true);
  });

  function firstMark() {
    var marks = content.querySelectorAll("mark[data-md-highlight]");
    var heading = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var i = 0; i < marks.length; i++) {
      if (!heading || heading.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
        return marks[i];
      }
    }
    return marks[0] || null;
  }

  function inView(element) {
    var box = element.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    return box.top >= top && box.bottom <= innerHeight;
  }

  function scrollToMark() {
    var mark = firstMark();
    if (!mark) return false;
    stop();
    if (!inView(mark)) {
      var still = matchMedia("(prefers-reduced-motion: reduce)").matches;
      mark.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    }
    return true;
  }

  if (scrollToMark()) return;
  observer = new MutationObserver(scrollToMark);
  observer.observe(content, { childList: true, subtree: true });
  timer = setTimeout(stop, GIVE_UP_MS);
})();
