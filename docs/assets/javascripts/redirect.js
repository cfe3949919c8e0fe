// Used only by the pages at old addresses (data/redirects.yml): go on to the
// new address, keeping any link to a heading (#challenges). The page's meta
// refresh does the same without the heading when scripts are off.
(function () {
  var target = document.currentScript && document.currentScript.getAttribute("data-target");
  if (target) {
    window.location.replace(target + window.location.hash);
  }
})();
