// Every console page: a key moves to the element marked data-key="<key>"; "?" shows help.
document.addEventListener("keydown", function (e) {
  var tag = (e.target.tagName || "").toLowerCase();
  if (tag === "input" || tag === "textarea" || tag === "select" || e.ctrlKey || e.metaKey || e.altKey) return;
  var target = document.querySelector('[data-key="' + e.key + '"]');
  if (e.key === "?") { var h = document.getElementById("shortcut-help"); if (h) h.hidden = !h.hidden; e.preventDefault(); return; }
  if (!target) return;
  e.preventDefault();
  if (target.tagName === "A") { target.click(); } else { target.focus(); target.scrollIntoView({block: "center"}); }
});
