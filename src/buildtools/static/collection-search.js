// The search page: numbers as the index holds them (see buildtools/search_numbers.py), and
// result snippets from the article's text only (not the page's buttons and menus).
var splitQuery = (query) => query
  .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
  .split(/[^\p{Letter}\p{Number}_.]+/gu)
  .filter((term) => term)
  .map((term) => /^\d+(\.\d+)?$/.test(term) ? "n" + term.replace(".", "p") : term.replace(/\.$/, ""))
  .map((term) => document.documentElement.lang.startsWith("ko") ? koreanStem(term) : term);
// As korean_stem in buildtools/search_numbers.py: a Korean word without its particle
function koreanStem(word) {
  if (!/^[\uac00-\ud7a3]+$/.test(word)) return word;
  for (;;) {
    const particle = COLLECTION.particlesKo.find((p) => word.endsWith(p) && word.length - p.length >= 2);
    if (!particle) return word;
    word = word.slice(0, -particle.length);
  }
}
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  Search.htmlToText = (htmlString) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    for (const q of [".headerlink", "script", "style", ".search-numbers", ".cell_input", "button"]) {
      doc.querySelectorAll(q).forEach((el) => el.remove());
    }
    const main = doc.querySelector(".bd-article") || doc.querySelector('[role="main"]');
    return main ? main.textContent : "";
  };
});
