/* The case sheet's 打印 button: the browser's print dialog (the sheet's print CSS makes it A4). */
document.getElementById("print-sheet").addEventListener("click", () => window.print());
