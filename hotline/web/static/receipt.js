// The receipt: the print button prints the page.
var printButton = document.getElementById("print");
if (printButton) printButton.addEventListener("click", function () { window.print(); });
