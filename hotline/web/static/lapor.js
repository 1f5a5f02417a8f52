// /lapor: focus the list of problems, filter the desa by kecamatan, fill in the location.
(function () {
  var text = document.currentScript.dataset;
  // Screen readers and keyboards start at the list of problems after a rejected form.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var kec = document.getElementById("kecamatan"), desa = document.getElementById("desa");
  function filter() {
    var groups = desa.getElementsByTagName("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var show = !kec.value || groups[i].getAttribute("data-kecamatan") === kec.value;
      groups[i].hidden = !show; groups[i].disabled = !show;
    }
    var chosen = desa.options[desa.selectedIndex];
    if (chosen && chosen.parentNode.disabled) desa.value = "";
  }
  kec.addEventListener("change", filter); filter();
  var button = document.getElementById("locate"), status = document.getElementById("locate-status");
  if (!navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = text.finding;
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("latitude").value = pos.coords.latitude.toFixed(6);
      document.getElementById("longitude").value = pos.coords.longitude.toFixed(6);
      status.textContent = text.found;
    }, function () { status.textContent = text.failed; },
    { enableHighAccuracy: true, timeout: 15000 });
  });
})();
