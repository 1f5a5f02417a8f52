// A queue page: j/k move through the reports; the list refreshes itself when the queue changes.
(function () {
  var options = document.currentScript.dataset;
  var rows = function () { return Array.prototype.slice.call(document.querySelectorAll("a.row-link")); };
  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (e.key !== "j" && e.key !== "k") return;
    var list = rows(); if (!list.length) return;
    var i = list.indexOf(document.activeElement);
    i = e.key === "j" ? Math.min(list.length - 1, i + 1) : Math.max(0, i - 1);
    list[i].focus(); e.preventDefault();
  });
  // Live updates: ask the server for the queue's signature; when it changes, fetch this page
  // again and swap the list in place (the filters and the focus stay where they are).
  var last = null;
  function poll() {
    fetch("/konsol/pembaruan", {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (r.status === 401) { window.location = "/konsol/masuk"; } return r.json(); })
      .then(function (data) {
        if (last !== null && data.signature !== last) {
          return fetch(window.location.href, {credentials: "same-origin"}).then(function (r) { return r.text(); }).then(function (html) {
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queue");
            if (fresh) { document.getElementById("queue").innerHTML = fresh.innerHTML; }
            document.getElementById("live-status").textContent = options.updated;
            last = data.signature;
          });
        }
        last = data.signature;
      })
      .catch(function () {});
  }
  poll();
  setInterval(poll, Number(options.pollMs));
})();
