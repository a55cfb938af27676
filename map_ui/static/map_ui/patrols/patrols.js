/*
 * The printable patrol routes' entry module (/planner/patrols/): the print button. The page itself
 * is drawn by the server (map_ui/patrols.py), so that it prints the same without this script.
 */
document.getElementById("print-patrols").addEventListener("click", () => window.print());
