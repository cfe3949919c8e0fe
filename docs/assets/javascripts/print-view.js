// The printed QR code and address of a view (a filtered list, a
// comparison): knowledge_base/handout.py draws, at build time, a QR code of
// the bare page; a view's address exists only in the browser, so this
// draws one for it with the vendored qrcode-generator, and prints the
// address under the page's title. Called by the page scripts when the view
// changes, and before printing.
(function () {
  var core = window.KbFilter;
  if (!core || typeof qrcode !== "function") return;
  var SVG = "http://www.w3.org/2000/svg";
  var canonical = document.querySelector("link[rel=canonical]");
  var done = null;

  // The QR code as an SVG element built node by node (no markup string),
  // one path of unit squares, with a four-module quiet zone.
  function qrSvg(address) {
    var qr = qrcode(0, "M");
    qr.addData(address);
    qr.make();
    var n = qr.getModuleCount(), d = "";
    for (var row = 0; row < n; row++) {
      for (var col = 0; col < n; col++) if (qr.isDark(row, col)) d += "M" + (col + 4) + " " + (row + 4) + "h1v1h-1z";
    }
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + (n + 8) + " " + (n + 8));
    svg.setAttribute("class", "kb-qr__code");
    var background = document.createElementNS(SVG, "rect");
    background.setAttribute("width", String(n + 8));
    background.setAttribute("height", String(n + 8));
    background.setAttribute("fill", "#fff");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "#000");
    svg.append(background, path);
    return svg;
  }

  function update() {
    var block = document.querySelector(".kb-qr");
    var title = document.querySelector("article h1");
    if (!block || !canonical || !title) return;
    var address = core.viewAddress(canonical.href, location.search);
    if (address === done) return;
    done = address;
    var isView = address !== core.viewAddress(canonical.href, "");
    var line = document.querySelector("[data-print-view]");
    if (line) line.remove();
    if (isView) {
      line = document.createElement("p");
      line.className = "kb-print-only kb-print-view";
      line.setAttribute("data-print-view", "");
      line.textContent = "This view online: " + address;
      title.after(line);
    }
    var old = block.querySelector(".kb-qr__code");
    if (old) old.replaceWith(qrSvg(address));
    var caption = block.querySelector(".kb-qr__caption");
    if (caption) caption.textContent = isView ? "Scan to open this view online" : "Scan for this page online";
    block.setAttribute("data-qr-address", address);
  }

  window.KbPrintView = { update: update };
  window.addEventListener("beforeprint", update);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", function (event) { if (event.matches) update(); });
  }
  window.addEventListener("popstate", update);
  update();
})();
