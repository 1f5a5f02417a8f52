// The call centre's wallboard: asks for its figures every few seconds and puts each one in the
// element that names it (data-figure). Short polling: no connection held per screen.
(function () {
  var options = document.currentScript.dataset;
  var status = document.getElementById("cc-wall-status");
  function poll() {
    fetch("/konsol/pusat-panggilan/papan/data", {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) {
        if (r.redirected || r.status === 401 || r.status === 403) { window.location.reload(); return null; }
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (data) {
        if (!data) return;
        Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), function (el) {
          var value = data[el.dataset.figure];
          if (value !== undefined && el.textContent !== value) { el.textContent = value; }
        });
        status.textContent = "";
      })
      .catch(function () { status.textContent = options.stale; });
  }
  setInterval(poll, Number(options.pollMs));
})();
