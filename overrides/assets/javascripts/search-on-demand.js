// Material's bundle downloads the whole search index (about 200 kB gzipped
// in English, 290 kB in Chinese) as soon as any page opens. This holds that
// one request back until the reader turns to search: focuses or clicks the
// search box, or presses one of the keys that open it (/, s, f). The bundle
// then gets its index as usual, and shows "Initializing search" meanwhile.
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this._searchIndex = /search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this._searchIndex && !wanted) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) release();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest('label[for="__search"], .md-search')) release();
  });
  document.addEventListener("keydown", function (event) {
    if (["/", "s", "f", "S", "F"].indexOf(event.key) >= 0) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) release();
  });
})();
