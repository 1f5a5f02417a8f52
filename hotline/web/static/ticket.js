// A ticket page: choosing a template or a duplicate fills in the form field it names.
document.querySelectorAll("select[data-fill]").forEach(function (s) {
  s.addEventListener("change", function () { if (s.value) { document.getElementById(s.dataset.fill).value = s.value; } });
});
document.querySelectorAll("button[data-ref]").forEach(function (b) {
  b.addEventListener("click", function () { document.getElementById("merge-ref").value = b.dataset.ref; });
});
